export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="muted">
      Loading…
    </div>
  );
}
