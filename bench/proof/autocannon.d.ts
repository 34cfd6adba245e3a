// The part of autocannon's API bench/proof uses (the package ships no types).
declare module 'autocannon' {
  type Request = { method?: string; path?: string; setupRequest?: (request: { path: string }) => { path: string } }
  type Options = { url: string; connections?: number; duration?: number; pipelining?: number; requests?: Request[] }
  type Histogram = { average: number; mean: number; p50: number; p99: number; p97_5: number; total: number }
  export type Result = { requests: Histogram; latency: Histogram; throughput: Histogram; errors: number; non2xx: number; timeouts: number; '2xx': number }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
