// The one growth policy for typed-array buffers: double until the wanted length fits, keep the contents.

export type GrowableArray = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

/** `arr` when it already holds `minLength` elements, else a copy doubled (as often as needed) to hold them. */
export function grow<T extends GrowableArray>(arr: T, minLength: number): T;
export function grow(arr: GrowableArray, minLength: number): GrowableArray {
  if (minLength <= arr.length) return arr;
  let n = Math.max(arr.length, 1);
  while (n < minLength) n *= 2;
  const next =
    arr instanceof Int32Array
      ? new Int32Array(n)
      : arr instanceof Uint32Array
        ? new Uint32Array(n)
        : arr instanceof Uint16Array
          ? new Uint16Array(n)
          : arr instanceof Uint8Array
            ? new Uint8Array(n)
            : new Float64Array(n);
  next.set(arr);
  return next;
}
