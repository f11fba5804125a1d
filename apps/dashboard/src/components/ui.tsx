import type { ReactNode } from 'react';
import type { Result } from '../lib/result';
import styles from './ui.module.css';

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className={styles.pageHeader}>
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className={styles.subtitle}>{subtitle}</p> : null}
      </div>
      {actions ? <div className={styles.actions}>{actions}</div> : null}
    </header>
  );
}

export function Card({ title, children, wide }: { title?: string; children: ReactNode; wide?: boolean }) {
  const id = title ? `card-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : undefined;
  return (
    <section className={wide ? `${styles.card} ${styles.wide}` : styles.card} aria-labelledby={id}>
      {title ? <h2 id={id}>{title}</h2> : null}
      {children}
    </section>
  );
}

export function Stat({ label, value, note }: { label: string; value: ReactNode; note?: ReactNode }) {
  return (
    <div className={styles.stat}>
      <div className={styles.statLabel}>{label}</div>
      <div className={styles.statValue}>{value}</div>
      {note ? <div className={styles.statNote}>{note}</div> : null}
    </div>
  );
}

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'good' | 'warn' | 'bad' | 'neutral' | 'info';
  children: ReactNode;
}) {
  return <span className={`${styles.badge} ${styles[tone]}`}>{children}</span>;
}

export function ErrorNotice({
  code,
  message,
  hint,
}: {
  code: string;
  message: string;
  hint?: string | undefined;
}) {
  return (
    <div role="alert" data-error-code={code} className={`${styles.notice} ${styles.noticeError}`}>
      <strong>{message}</strong>
      {hint ? <div>{hint}</div> : null}
      <div className={styles.code}>{code}</div>
    </div>
  );
}

export function Notice({
  children,
  tone = 'info',
}: {
  children: ReactNode;
  tone?: 'info' | 'warn' | 'good';
}) {
  return (
    <div role="status" className={`${styles.notice} ${styles[`notice_${tone}`]}`}>
      {children}
    </div>
  );
}

export function Unavailable({ feature, field }: { feature: string; field: string }) {
  return (
    <div className={styles.unavailable} role="status">
      <strong>{feature}: not available yet.</strong>
      <div>
        This API does not offer <code>{field}</code> yet; the page fills in as soon as it does.
      </div>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className={styles.empty}>{children}</p>;
}

/** Renders the not-available and error states of a query, or the content for its data. */
export function Show<T>({
  result,
  feature,
  children,
}: {
  result: Result<T>;
  feature: string;
  children: (data: T) => ReactNode;
}) {
  if (result.kind === 'unavailable') return <Unavailable feature={feature} field={result.field} />;
  if (result.kind === 'error')
    return <ErrorNotice code={result.code} message={result.message} hint={result.hint} />;
  if (result.kind === 'unauthenticated')
    return <ErrorNotice code="UNAUTHENTICATED" message={result.message} />;
  return <>{children(result.data)}</>;
}
