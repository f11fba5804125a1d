'use client';

import { ErrorNotice } from '../../components/ui';

export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div>
      <ErrorNotice
        code={error.digest ?? 'ERROR'}
        message={error.message || 'This page could not be shown.'}
      />
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
