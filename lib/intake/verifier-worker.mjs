// One thread of the verifier pool: receives chunks of packed typed-data items (packItems), answers
// their digests and signers packed (verifyPacked).
import { parentPort, workerData } from 'node:worker_threads'
import { createVerifier } from './verifier-core.mjs'

const verifier = await createVerifier({ backend: workerData?.backend ?? 'auto' })
parentPort.postMessage({ ready: true, backend: verifier.backend })
parentPort.on('message', ({ jobId, packed }) => {
  try {
    parentPort.postMessage({ jobId, results: verifier.verifyPacked(packed) })
  } catch (error) {
    parentPort.postMessage({ jobId, failure: error instanceof Error ? error.message : String(error) })
  }
})
