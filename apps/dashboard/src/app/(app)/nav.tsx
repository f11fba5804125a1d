'use client';

import Link, { useLinkStatus } from 'next/link';
import { usePathname } from 'next/navigation';
import styles from './shell.module.css';

const links = [
  { href: '/', label: 'Overview' },
  { href: '/models', label: 'Models' },
  { href: '/experiments', label: 'Experiments' },
  { href: '/social', label: 'Social' },
  { href: '/stream', label: 'Stream' },
  { href: '/recommendations', label: 'Recommendations' },
  { href: '/team', label: 'Team' },
  { href: '/settings', label: 'Settings' },
];

/**
 * Shown beside a link while its page renders. This replaces a segment-level loading.tsx: with that
 * Suspense boundary in place, a server action that revalidates the page now and then left its
 * transition suspended for good under CPU load (the button stuck on "Working…", nothing in flight;
 * vercel/next.js#98303), so navigation feedback lives here instead.
 */
function Pending() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span role="status" className={styles.pending}>
      {' '}
      (loading…)
    </span>
  ) : null;
}

export function Nav() {
  const path = usePathname();
  return (
    <nav aria-label="Main" className={styles.nav}>
      <ul>
        {links.map((link) => {
          const current = link.href === '/' ? path === '/' : path.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? 'page' : undefined}
                className={current ? styles.current : undefined}
              >
                {link.label}
                <Pending />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
