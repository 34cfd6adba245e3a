/**
 * `npm run bench:gas`: gas per Arbor contract operation on a real anvil, against a 1M-leaf
 * campaign tree built by lib/merkle. Prints a markdown table (receipt `gasUsed`, so the 21,000
 * base and calldata are included) and the clone-vs-full-deploy comparison.
 *
 *   node --import tsx bench/gas/run.ts [--leaves 1000000]
 */
import { keccak256, parseEventLogs, parseUnits, toHex, type Address, type Hex } from 'viem'
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { startAnvil } from '../../lib/chain/anvil'
import { getClaimTypedData } from '../../lib/chain/claim-typed-data'
import { createChainClients, type ChainClients } from '../../lib/chain/clients'
import {
  arborDistributorAbi,
  arborDistributorFactoryAbi,
  arborDistributorFactoryBytecode,
  arborSettlementAbi,
  arborSettlementBytecode,
  arborTokenAbi,
  arborTokenBytecode,
} from '../../lib/chain/contracts'
import { arborDistributorStandaloneAbi, arborDistributorStandaloneBytecode } from '../../lib/chain/contracts/test/ArborDistributorStandalone'
import { arborDistributorStorageFactoryAbi, arborDistributorStorageFactoryBytecode } from '../../lib/chain/contracts/test/ArborDistributorStorageFactory'
import { deployContract } from '../../lib/chain/deploy-contract'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { buildTreeParallel, closeHashWorkers, getMultiProof, getProof, type MerkleTree } from '../../lib/merkle'

const leafArg = process.argv.indexOf('--leaves')
const leafCount = leafArg > 0 ? Number(process.argv[leafArg + 1]) : 1_000_000
const batchSizes = [10, 100, 500]
// Direct claims use two leaves per design, 256 apart per design so each starts a fresh bitmap word;
// signed claims and batches use the leaves from `signedFrom` on. The bench holds their keys.
const directFrom = 4096
const directIndices = (design: number) => [directFrom + 256 * design, directFrom + 256 * design + 1]
const signedFrom = directFrom + 256 * 3
const signedCount = 1 + batchSizes.reduce((a, b) => a + b, 0) * 2
const amountOf = (index: number) => parseUnits(String(1 + (index % 1000)), 18)
const signers = new Map<number, PrivateKeyAccount>()
for (const i of [0, 1, 2].flatMap(directIndices).concat(Array.from({ length: signedCount }, (_, k) => signedFrom + k))) {
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
    const campaignOf = (tree: MerkleTree) => ({ token, merkleRoot: tree.root, startTime: now, endTime: now + 86_400n * 365n, owner: owner.address })
    const fund = (distributor: Address) =>
      mined(clients, clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'transfer', args: [distributor, parseUnits('10000000', 18)] }))

    // --- creation: three designs
    const factory = (await deployContract(clients, { abi: arborDistributorFactoryAbi, bytecode: arborDistributorFactoryBytecode })).address
    const created = await mined(
      clients,
      clients.walletClient.writeContract({ address: factory, abi: arborDistributorFactoryAbi, functionName: 'createDistributor', args: [campaignOf(sorted), `0x${'0'.repeat(64)}`] }),
    )
    const clone = parseEventLogs({ abi: arborDistributorFactoryAbi, eventName: 'DistributorCreated', logs: created.logs })[0]!.args.distributor
    const storageFactory = (await deployContract(clients, { abi: arborDistributorStorageFactoryAbi, bytecode: arborDistributorStorageFactoryBytecode })).address
    const storageCreated = await mined(
      clients,
      clients.walletClient.writeContract({ address: storageFactory, abi: arborDistributorStorageFactoryAbi, functionName: 'createDistributor', args: [campaignOf(sorted), `0x${'0'.repeat(64)}`] }),
    )
    // the storage clone is the emitter of its initializer's `Initialized` event
    const storageAddress = storageCreated.logs[0]!.address
    const full = await deployContract(clients, { abi: arborDistributorStandaloneAbi, bytecode: arborDistributorStandaloneBytecode, args: [campaignOf(sorted)] })
    for (const distributor of [clone, storageAddress, full.address]) await fund(distributor)

    // --- direct claims to fresh recipients, same leaves on each design
    const designs = [
      { name: 'clone + immutable args (factory)', address: clone, create: created.gasUsed },
      { name: 'clone + initializer (storage)', address: storageAddress, create: storageCreated.gasUsed },
      { name: 'full deploy (constructor immutables)', address: full.address, create: full.receipt.gasUsed },
    ]
    const claimGas: bigint[] = []
    for (const [d, design] of designs.entries()) {
      const [first, second] = directIndices(d) as [number, number]
      const claim = async (index: number) =>
        (await mined(clients, write(design.address, 'claim', [BigInt(index), signers.get(index)!.address, amountOf(index), getProof(sorted, index)]))).gasUsed
      const firstInWord = await claim(first)
      const wordSet = await claim(second)
      claimGas.push(wordSet)
      rows.push({ operation: `create campaign: ${design.name}`, gas: design.create })
      rows.push({ operation: `claim, fresh recipient, bitmap word already set: ${design.name}`, gas: wordSet })
      rows.push({ operation: `claim, fresh recipient, first in its bitmap word: ${design.name}`, gas: firstInWord })
    }

    // --- signed claims on the factory's clone, over the sorted (OpenZeppelin default) and index-ordered trees
    const deadline = now + 86_400n * 30n
    const sign = async (distributor: Address, index: number) => {
      const account = signers.get(index)!
      const claim = { index: BigInt(index), account: account.address, amount: amountOf(index), to: account.address, deadline }
      return { ...claim, signature: await account.signTypedData(getClaimTypedData({ chainId: anvil.chainId, distributor, ...claim })) }
    }
    const byIndexClone = parseEventLogs({
      abi: arborDistributorFactoryAbi,
      eventName: 'DistributorCreated',
      logs: (
        await mined(
          clients,
          clients.walletClient.writeContract({ address: factory, abi: arborDistributorFactoryAbi, functionName: 'createDistributor', args: [campaignOf(byIndex), `0x${'0'.repeat(64)}`] }),
        )
      ).logs,
    })[0]!.args.distributor
    await fund(byIndexClone)

    const withSig = await sign(clone, signedFrom)
    rows.push({
      operation: 'claimWithSig, fresh recipient (relayed)',
      gas: (await mined(clients, write(clone, 'claimWithSig', [withSig.index, withSig.account, withSig.amount, withSig.to, withSig.deadline, getProof(sorted, signedFrom), withSig.signature]))).gasUsed,
    })

    let next = signedFrom + 1
    for (const [layout, tree, distributor] of [
      ['sorted tree (OZ default)', sorted, clone],
      ['index-ordered tree (sortLeaves: false)', byIndex, byIndexClone],
    ] as const) {
      for (const size of batchSizes) {
        const positions = Array.from({ length: size }, (_, i) => next + i)
        next += size
        const multi = getMultiProof(tree, positions)
        const claims = await Promise.all(multi.leaves.map((leaf) => sign(distributor, Number(leaf[0]))))
        const operation = `claimMany ×${size}, consecutive indices, fresh recipients, ${layout}`
        const receipt = await mined(clients, write(distributor, 'claimMany', [claims, multi.proof, multi.proofFlags])).catch(() => undefined)
        if (!receipt) {
          rows.push({ operation, gas: 0n, note: `${multi.proof.length} proof hashes; over the ${txGasCap.toLocaleString('en')} gas cap of one transaction (EIP-7825, anvil's Osaka default): split the batch` })
          continue
        }
        const paid = parseEventLogs({ abi: arborDistributorAbi, eventName: 'Claimed', logs: receipt.logs }).length
        if (paid !== size) throw new Error(`claimMany paid ${paid} of ${size}`)
        rows.push({
          operation,
          gas: receipt.gasUsed,
          perClaim: receipt.gasUsed / BigInt(size),
          note: `${multi.proof.length} proof hashes`,
        })
      }
    }

    // --- settlement
    const settlement = (await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [owner.address, owner.address] })).address
    const settle = (functionName: string, args: readonly unknown[]) =>
      mined(clients, clients.walletClient.writeContract({ address: settlement, abi: arborSettlementAbi, functionName, args } as never))
    rows.push({ operation: 'postCheckpoint (first)', gas: (await settle('postCheckpoint', [1n, sorted.root, BigInt(leafCount)])).gasUsed })
    rows.push({ operation: 'postCheckpoint (later)', gas: (await settle('postCheckpoint', [2n, byIndex.root, BigInt(leafCount)])).gasUsed })
    rows.push({ operation: 'settleProposal', gas: (await settle('settleProposal', [keccak256(toHex('p1')), sorted.root, keccak256(toHex('tally')), 1_000_000n])).gasUsed })

    console.log(`\nGas on anvil (receipt gasUsed), ${leafCount.toLocaleString('en')}-leaf tree\n`)
    console.log('| operation | gas | per claim | note |\n|---|---:|---:|---|')
    for (const row of rows) console.log(`| ${row.operation} | ${row.gas.toLocaleString('en')} | ${row.perClaim?.toLocaleString('en') ?? ''} | ${row.note ?? ''} |`)

    const [cloneClaim, , fullClaim] = claimGas as [bigint, bigint, bigint]
    const extraPerClaim = cloneClaim - fullClaim
    const saved = designs[2]!.create - designs[0]!.create
    console.log(
      `\nClone with immutable args vs full deploy: creation saves ${saved.toLocaleString('en')} gas; each direct claim costs ${extraPerClaim.toLocaleString('en')} more ` +
        `(the cold DELEGATECALL); break-even at ${extraPerClaim > 0n ? (saved / extraPerClaim).toLocaleString('en') : '∞'} direct claims, ` +
        `or about ${extraPerClaim > 0n ? ((saved * 100n) / extraPerClaim).toLocaleString('en') : '∞'} claims relayed in batches of 100 (one DELEGATECALL per batch).`,
    )
  } finally {
    await anvil.stop()
  }
}

await main()
