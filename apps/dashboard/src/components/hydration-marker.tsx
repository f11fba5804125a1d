'use client';

import { useEffect } from 'react';

/**
 * Marks the document once React has hydrated it. The browser tests wait for this before clicking,
 * so a click never lands on server HTML whose handlers are not attached yet.
 */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return null;
}
