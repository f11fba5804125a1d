'use client';

import Link from 'next/link';
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
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
