// RAM's `*` / `?` string wildcards, used by Action, Resource and StringLike.
// A hand-written matcher rather than a RegExp built from the pattern: no escaping pitfalls and no
// catastrophic backtracking on hostile patterns (worst case O(pattern × text)).

/** `*` matches any run of characters (including none); `?` matches exactly one. Case-sensitive. */
export function wildcardMatch(pattern: string, text: string): boolean {
  // Compare by code point so `?` consumes one whole character even outside the BMP.
  const p = Array.from(pattern);
  const t = Array.from(text);
  let pi = 0;
  let ti = 0;
  let starP = -1; // position of the last `*` seen in the pattern
  let starT = 0; // text position that `*` was last tried against
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === t[ti]))) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      starP = pi++;
      starT = ti;
    } else if (starP >= 0) {
      // Let the last `*` swallow one more character and retry from there.
      pi = starP + 1;
      ti = ++starT;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** Case-insensitive variant (for Action names). */
export function wildcardMatchIgnoreCase(pattern: string, text: string): boolean {
  return wildcardMatch(pattern.toLowerCase(), text.toLowerCase());
}
