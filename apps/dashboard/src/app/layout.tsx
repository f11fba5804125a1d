import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { HydrationMarker } from '../components/hydration-marker';
import './globals.css';

export const metadata: Metadata = {
  title: 'Tessera dashboard',
  description: 'Tenant administration for Tessera',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        <HydrationMarker />
      </body>
    </html>
  );
}
