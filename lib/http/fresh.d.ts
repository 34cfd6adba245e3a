// `fresh` (jshttp), as Next ships it compiled in next/dist/compiled/fresh (its own 304 path uses it);
// no package of its own in this project.
declare module 'next/dist/compiled/fresh' {
  /** Whether a cached response is still fresh for the request: node-style lowercase header names. */
  function fresh(requestHeaders: Record<string, string | undefined>, responseHeaders: Record<string, string | undefined>): boolean
  export default fresh
}
