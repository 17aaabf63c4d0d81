import { useMemo } from 'react';

/**
 * `value`, or the one returned before when it is equal in JSON: keeps the props of a memoized
 * chart frame the same object while their content is unchanged. For small values (axes,
 * legends), whose JSON is cheap.
 */
export function useStable<T>(value: T): T {
  const key = JSON.stringify(value);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the value's JSON on purpose
  return useMemo(() => value, [key]);
}
