/** RMSE = sqrt( Σ (r̂ − r)² / n ). */
export function rmse(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < actual.length; k++) {
    const d = predicted[k] - actual[k];
    s += d * d;
  }
  return actual.length ? Math.sqrt(s / actual.length) : Number.NaN;
}

/** MAE = Σ |r̂ − r| / n. */
export function mae(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < actual.length; k++) s += Math.abs(predicted[k] - actual[k]);
  return actual.length ? s / actual.length : Number.NaN;
}
