import { loginReasons, safeNextPath } from '../../lib/session';
import styles from './login.module.css';
import { LoginForm } from './login-form';

export const dynamic = 'force-dynamic';

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const reason = typeof params.reason === 'string' ? loginReasons[params.reason] : undefined;
  return (
    <main className={styles.page}>
      <div className={styles.panel}>
        <div className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">
            ▦
          </span>
          Tessera
        </div>
        <h1>Sign in</h1>
        <p className={styles.lead}>
          Tenant administration: models, experiments, social signals and the stream.
        </p>
        {reason ? (
          <p role="status" className={styles.reason}>
            {reason}
          </p>
        ) : null}
        <LoginForm next={safeNextPath(params.next)} />
      </div>
    </main>
  );
}
