// One thread of the verifier pool: receives arrays of typed-data items, answers digests and signers.
import { parentPort, workerData } from 'node:worker_threads'
import { createVerifier } from './verifier-core.mjs'

const verifier = await createVerifier({ backend: workerData?.backend ?? 'auto' })
parentPort.postMessage({ ready: true, backend: verifier.backend })
parentPort.on('message', ({ jobId, items }) => {
  try {
    parentPort.postMessage({ jobId, results: verifier.verifyMany(items) })
  } catch (error) {
    parentPort.postMessage({ jobId, failure: error instanceof Error ? error.message : String(error) })
  }
})
