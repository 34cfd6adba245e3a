/**
 * `npm run bench:gas`: gas per Arbor contract operation on a real anvil, against a 1M-leaf
 * campaign tree built by lib/merkle, beside a named baseline: a minimal distributor of Uniswap's
 * merkle-distributor design (contracts/test/UniswapMerkleDistributor.sol) claiming on the same
 * token with a proof of the same depth (20). Prints a markdown table (receipt `gasUsed`, so the
 * 21,000 base and calldata are included) and Arbor's direct claim minus the baseline's. Settlement
 * rows end with a passed proposal of one action: settle, `ArborExecutor.queue`, `execute`.
 * Gas is deterministic for a given chain state, so each figure is one run.
 *
 *   node --import tsx bench/gas/run.ts [--leaves 1000000]
 */
import { concat, encodeFunctionData, encodePacked, keccak256, parseEventLogs, parseUnits, toHex, type Address, type Hex } from 'viem'
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { startAnvil } from '../../lib/chain/anvil'
import { getClaimTypedData } from '../../lib/chain/claim-typed-data'
import { createChainClients, type ChainClients } from '../../lib/chain/clients'
import {
  arborDistributorAbi,
  arborDistributorFactoryAbi,
  arborDistributorFactoryBytecode,
  arborExecutorAbi,
  arborSettlementAbi,
  arborSettlementBytecode,
  arborTokenAbi,
  arborTokenBytecode,
} from '../../lib/chain/contracts'
import { uniswapMerkleDistributorAbi, uniswapMerkleDistributorBytecode } from '../../lib/chain/contracts/test/UniswapMerkleDistributor'
import { createDistributor } from '../../lib/chain/create-distributor'
import { deployContract } from '../../lib/chain/deploy-contract'
import { deployDaoExecutor } from '../../lib/chain/deploy-dao-executor'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { actionsHash, onChainProposalId, Outcome } from '../../lib/governance/settlement/vote-leaf'
import { buildTreeParallel, closeHashWorkers, getMultiProof, getProof, type MerkleTree } from '../../lib/merkle'

const leafArg = process.argv.indexOf('--leaves')
const leafCount = leafArg > 0 ? Number(process.argv[leafArg + 1]) : 1_000_000
const batchSizes = [10, 100, 500]
// Direct claims: two leaves per contract, 256 apart per contract so each starts a fresh bitmap word.
// Signed claims and batches use the leaves from `signedFrom` on. The bench holds their keys.
const directFrom = 4096
const arborWord = directFrom
const baselineWord = directFrom + 256
const claimToIndex = directFrom + 512
const signedFrom = directFrom + 768
const signedCount = 1 + batchSizes.reduce((a, b) => a + b, 0) * 2
const amountOf = (index: number) => parseUnits(String(1 + (index % 1000)), 18)
const signers = new Map<number, PrivateKeyAccount>()
for (const i of Array.from({ length: 768 + signedCount }, (_, k) => directFrom + k)) {
  signers.set(i, privateKeyToAccount(keccak256(toHex(`arbor-gas-${i}`))))
}

const owner = privateKeyToAccount(devAccounts[0].privateKey)
const relayer = privateKeyToAccount(devAccounts[1].privateKey)
// Osaka (anvil 1.7's default hardfork) caps one transaction at 2^24 gas (EIP-7825).
const txGasCap = 16_777_216n
const rows: { operation: string; gas: bigint; perClaim?: bigint; note?: string }[] = []

function values(): (readonly unknown[])[] {
  const out = new Array<readonly unknown[]>(leafCount)
  for (let i = 0; i < leafCount; i++) out[i] = [i, signers.get(i)?.address ?? `0x${(i + 1).toString(16).padStart(40, '0')}`, amountOf(i)]
  return out
}

/** Sorted-pair parent, as OpenZeppelin's MerkleProof hashes. */
const parent = (a: Hex, b: Hex) => keccak256(BigInt(a) < BigInt(b) ? concat([a, b]) : concat([b, a]))

/**
 * The baseline's tree for its two direct-claim leaves: Uniswap's packed leaves are siblings, and
 * the nodes above are the Arbor tree's own proof nodes for the first of them, so both proofs are
 * as deep as Arbor's (20 hashes in a 1M-leaf tree).
 */
/** The first two leaves of the bitmap word starting at `from` whose proofs are as deep as the tree. */
function deepPair(tree: MerkleTree, from: number): [number, number] {
  const depth = Math.max(getProof(tree, from).length, getProof(tree, from + 1).length)
  const deep = Array.from({ length: 256 }, (_, k) => from + k).filter((i) => getProof(tree, i).length >= depth)
  return [deep[0]!, deep[1]!]
}

function baselineTree(sorted: MerkleTree, baselineDirect: [number, number]) {
  const leaves = baselineDirect.map((i) => keccak256(encodePacked(['uint256', 'address', 'uint256'], [BigInt(i), signers.get(i)!.address, amountOf(i)])))
  const upper = getProof(sorted, baselineDirect[0]).slice(1)
  const root = upper.reduce((node, sibling) => parent(node, sibling), parent(leaves[0]!, leaves[1]!))
  return { root, proofs: [[leaves[1]!, ...upper], [leaves[0]!, ...upper]] }
}

async function mined(clients: ChainClients, hash: Promise<Hex>) {
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash: await hash })
  if (receipt.status !== 'success') throw new Error(`reverted: ${receipt.transactionHash}`)
  return receipt
}

async function main() {
  const started = performance.now()
  const allValues = values()
  const sorted = await buildTreeParallel({ values: allValues, leafEncoding: ['uint256', 'address', 'uint256'] })
  const byIndex = await buildTreeParallel({ values: allValues, leafEncoding: ['uint256', 'address', 'uint256'], sortLeaves: false })
  await closeHashWorkers()
  console.error(`trees of ${leafCount} leaves built in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const anvil = await startAnvil()
  try {
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: owner })
    const write = (address: Address, functionName: string, args: readonly unknown[], account = relayer) =>
      clients.walletClient.writeContract({ address, abi: arborDistributorAbi, functionName, args, account, gas: txGasCap } as never)
    const token = (
      await deployContract(clients, { abi: arborTokenAbi, bytecode: arborTokenBytecode, args: ['Arbor', 'ARB', owner.address, owner.address, parseUnits('1000000000', 18)] })
    ).address
    const now = (await clients.publicClient.getBlock()).timestamp
    const campaignOf = (tree: MerkleTree) => ({
      token,
      merkleRoot: tree.root,
      startTime: now,
      endTime: now + 86_400n * 365n,
      owner: owner.address,
      contentHash: keccak256(toHex(`dataset ${tree.root}`)),
    })
    const fund = (distributor: Address) =>
      mined(clients, clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'transfer', args: [distributor, parseUnits('10000000', 18)] }))

    // --- creation: the factory's full CREATE2 deploy, and the baseline's plain deploy
    const factory = await deployContract(clients, { abi: arborDistributorFactoryAbi, bytecode: arborDistributorFactoryBytecode })
    rows.push({ operation: 'deploy ArborDistributorFactory (once per chain)', gas: factory.receipt.gasUsed })
    const created = await createDistributor(clients, { factory: factory.address, campaign: campaignOf(sorted) })
    const distributor = created.distributor
    rows.push({ operation: 'create campaign: ArborDistributorFactory.createDistributor (full deploy, CREATE2)', gas: created.receipt.gasUsed })
    const arborDirect = deepPair(sorted, arborWord)
    const baselineDirect = deepPair(sorted, baselineWord)
    const baseline = baselineTree(sorted, baselineDirect)
    const depth = baseline.proofs[0]!.length
    const uniswap = await deployContract(clients, { abi: uniswapMerkleDistributorAbi, bytecode: uniswapMerkleDistributorBytecode, args: [token, baseline.root] })
    rows.push({ operation: 'create campaign: baseline (Uniswap design, plain deploy)', gas: uniswap.receipt.gasUsed })
    await fund(distributor)
    await fund(uniswap.address)

    // --- direct claims to fresh recipients, 20-deep proofs on both
    const claimOn = async (address: Address, abi: typeof arborDistributorAbi | typeof uniswapMerkleDistributorAbi, index: number, proof: Hex[]) => {
      if (proof.length !== depth) throw new Error(`proof of ${index} has ${proof.length} hashes, not ${depth}: pick leaves of equal depth`)
      const hash = clients.walletClient.writeContract({ address, abi, functionName: 'claim', args: [BigInt(index), signers.get(index)!.address, amountOf(index), proof], account: relayer } as never)
      return (await mined(clients, hash)).gasUsed
    }
    const arborFirst = await claimOn(distributor, arborDistributorAbi, arborDirect[0], getProof(sorted, arborDirect[0]))
    const arborSet = await claimOn(distributor, arborDistributorAbi, arborDirect[1], getProof(sorted, arborDirect[1]))
    const baseFirst = await claimOn(uniswap.address, uniswapMerkleDistributorAbi, baselineDirect[0], baseline.proofs[0]!)
    const baseSet = await claimOn(uniswap.address, uniswapMerkleDistributorAbi, baselineDirect[1], baseline.proofs[1]!)
    rows.push({ operation: 'claim, fresh recipient, bitmap word already set: Arbor', gas: arborSet })
    rows.push({ operation: 'claim, fresh recipient, bitmap word already set: baseline (Uniswap design)', gas: baseSet })
    rows.push({ operation: 'claim, fresh recipient, first in its bitmap word: Arbor', gas: arborFirst })
    rows.push({ operation: 'claim, fresh recipient, first in its bitmap word: baseline (Uniswap design)', gas: baseFirst })
    const claimToSigner = signers.get(claimToIndex)!
    rows.push({
      operation: 'claimTo, fresh destination, first in its bitmap word',
      gas: (
        await mined(
          clients,
          write(distributor, 'claimTo', [BigInt(claimToIndex), amountOf(claimToIndex), getProof(sorted, claimToIndex), privateKeyToAccount(keccak256(toHex('arbor-gas-claimto-destination'))).address], claimToSigner as never),
        ).catch(async () => {
          // the signer holds no ETH: fund it and retry
          await mined(clients, clients.walletClient.sendTransaction({ to: claimToSigner.address, value: parseUnits('1', 18) }))
          return mined(
            clients,
            write(distributor, 'claimTo', [BigInt(claimToIndex), amountOf(claimToIndex), getProof(sorted, claimToIndex), privateKeyToAccount(keccak256(toHex('arbor-gas-claimto-destination'))).address], claimToSigner as never),
          )
        })
      ).gasUsed,
    })

    // --- signed claims, over the sorted (OpenZeppelin default) and index-ordered trees
    const deadline = now + 86_400n * 30n
    const sign = async (at: Address, index: number) => {
      const account = signers.get(index)!
      const claim = { index: BigInt(index), account: account.address, amount: amountOf(index), to: account.address, deadline }
      return { ...claim, signature: await account.signTypedData(getClaimTypedData({ chainId: anvil.chainId, distributor: at, ...claim })) }
    }
    const byIndexDistributor = (await createDistributor(clients, { factory: factory.address, campaign: campaignOf(byIndex) })).distributor
    await fund(byIndexDistributor)

    const withSig = await sign(distributor, signedFrom)
    rows.push({
      operation: 'claimWithSig, fresh recipient (relayed)',
      gas: (await mined(clients, write(distributor, 'claimWithSig', [withSig.index, withSig.account, withSig.amount, withSig.to, withSig.deadline, getProof(sorted, signedFrom), withSig.signature]))).gasUsed,
    })

    let next = signedFrom + 1
    for (const [layout, tree, at] of [
      ['sorted tree (OZ default)', sorted, distributor],
      ['index-ordered tree (sortLeaves: false)', byIndex, byIndexDistributor],
    ] as const) {
      for (const size of batchSizes) {
        const positions = Array.from({ length: size }, (_, i) => next + i)
        next += size
        const multi = getMultiProof(tree, positions)
        const claims = await Promise.all(multi.leaves.map((leaf) => sign(at, Number(leaf[0]))))
        const operation = `claimMany ×${size}, consecutive indices, fresh recipients, ${layout}`
        const receipt = await mined(clients, write(at, 'claimMany', [claims, multi.proof, multi.proofFlags])).catch(() => undefined)
        if (!receipt) {
          rows.push({ operation, gas: 0n, note: `${multi.proof.length} proof hashes; over the ${txGasCap.toLocaleString('en')} gas cap of one transaction (EIP-7825, anvil's Osaka default): split the batch` })
          continue
        }
        const paid = parseEventLogs({ abi: arborDistributorAbi, eventName: 'Claimed', logs: receipt.logs }).length
        if (paid !== size) throw new Error(`claimMany paid ${paid} of ${size}`)
        rows.push({ operation, gas: receipt.gasUsed, perClaim: receipt.gasUsed / BigInt(size), note: `${multi.proof.length} proof hashes` })
      }
    }

    // --- settlement
    const settlement = (await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [owner.address, owner.address] })).address
    const settle = (functionName: string, args: readonly unknown[]) =>
      mined(clients, clients.walletClient.writeContract({ address: settlement, abi: arborSettlementAbi, functionName, args } as never))
    rows.push({ operation: 'postCheckpoint (first)', gas: (await settle('postCheckpoint', [1n, sorted.root, BigInt(leafCount)])).gasUsed })
    rows.push({ operation: 'postCheckpoint (later)', gas: (await settle('postCheckpoint', [2n, byIndex.root, BigInt(leafCount)])).gasUsed })
    rows.push({ operation: 'settleProposal (outcome None)', gas: (await settle('settleProposal', [keccak256(toHex('p1')), sorted.root, keccak256(toHex('tally')), 1_000_000n, 0, `0x${'0'.repeat(64)}`])).gasUsed })

    // --- execution: a passed proposal with one action (a treasury transfer from the timelock)
    const minDelay = 3600n
    const dao = await deployDaoExecutor(clients, { settlement, guardian: relayer.address, minDelay })
    await mined(clients, clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'transfer', args: [dao.timelock, parseUnits('200000', 18)] }))
    const proposalId = onChainProposalId('00000000-0000-4000-8000-000000000001')
    const action = { target: token, value: 0n, calldata: encodeFunctionData({ abi: arborTokenAbi, functionName: 'transfer', args: [privateKeyToAccount(keccak256(toHex('arbor-gas-grant'))).address, parseUnits('1500', 18)] }) }
    const executorArgs = [proposalId, [action.target], [action.value], [action.calldata]] as const
    rows.push({
      operation: 'settleProposal (outcome Passed, one action)',
      gas: (await settle('settleProposal', [proposalId, sorted.root, keccak256(toHex('tally')), 1_000_000n, Outcome.Passed, actionsHash(dao.executor, [action])])).gasUsed,
    })
    const run = (functionName: 'queue' | 'execute') =>
      mined(clients, clients.walletClient.writeContract({ address: dao.executor, abi: arborExecutorAbi, functionName, args: executorArgs, account: relayer }))
    rows.push({ operation: 'ArborExecutor.queue (one action, scheduleBatch on the timelock)', gas: (await run('queue')).gasUsed })
    await clients.publicClient.request({ method: 'evm_increaseTime', params: [toHex(minDelay)] } as never)
    await clients.publicClient.request({ method: 'evm_mine' } as never)
    rows.push({ operation: 'ArborExecutor.execute (one action: an ERC20 transfer from the timelock)', gas: (await run('execute')).gasUsed })

    console.log(`\nGas on anvil (receipt gasUsed), ${leafCount.toLocaleString('en')}-leaf tree, ${depth}-hash proofs for direct claims\n`)
    console.log('| operation | gas | per claim | note |\n|---|---:|---:|---|')
    for (const row of rows) console.log(`| ${row.operation} | ${row.gas.toLocaleString('en')} | ${row.perClaim?.toLocaleString('en') ?? ''} | ${row.note ?? ''} |`)

    const fmt = (gas: bigint) => `${gas >= 0n ? '+' : ''}${gas.toLocaleString('en')}`
    console.log(
      `\nArbor claim vs baseline (Uniswap's design), same token, ${depth}-hash proofs: ` +
        `${arborSet.toLocaleString('en')} vs ${baseSet.toLocaleString('en')} gas (${fmt(arborSet - baseSet)}) with the bitmap word already set; ` +
        `${arborFirst.toLocaleString('en')} vs ${baseFirst.toLocaleString('en')} (${fmt(arborFirst - baseFirst)}) first in its word. ` +
        `Arbor adds the claim window, an event with indexed account and recipient, and OpenZeppelin's double-hashed standard leaf.`,
    )
  } finally {
    await anvil.stop()
  }
}

await main()
