import {
  decodeErrorResult,
  encodeFunctionData,
  getAddress,
  keccak256,
  parseEventLogs,
  parseSignature,
  parseUnits,
  toFunctionSelector,
  toHex,
  zeroAddress,
  type Address,
  type Hash,
  type Hex,
} from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { getClaimTypedData } from '@/lib/chain/claim-typed-data'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import {
  arborDistributorAbi,
  arborDistributorFactoryAbi,
  arborDistributorFactoryBytecode,
  arborTokenAbi,
  arborTokenBytecode,
} from '@/lib/chain/contracts'
import { hostileTokenAbi, hostileTokenBytecode } from '@/lib/chain/contracts/test/HostileToken'
import { smartWalletAbi, smartWalletBytecode } from '@/lib/chain/contracts/test/SmartWallet'
import { createDistributor, predictDistributorAddress, type DistributorCampaign } from '@/lib/chain/create-distributor'
import { deployContract } from '@/lib/chain/deploy-contract'
import { getDistributorAddress } from '@/lib/chain/get-distributor-address'
import type { MerkleTree } from '@/lib/merkle'
import {
  allocationTree,
  devSigners,
  increaseTime,
  latestTimestamp,
  mined,
  multiProofOf,
  proofOf,
  revertName,
  testSigner,
  type Allocation,
} from './helpers'

const [owner, alice, bob, carol, relayer, dave, walletOwner, erin, frank, grace] = devSigners as [
  PrivateKeyAccount,
  ...PrivateKeyAccount[],
] & PrivateKeyAccount[]
const tokens = (amount: string) => parseUnits(amount, 18)
const day = 86_400n
const batchSigners = Array.from({ length: 10 }, (_, i) => testSigner(`batch-${i}`))

describe('ArborDistributor and its factory on anvil', () => {
  let anvil: StartAnvilReturnType
  let clients: ChainClients
  let token: Address
  let factory: Address
  let wallet: Address
  let allocations: Allocation[]
  let tree: MerkleTree
  let campaign: DistributorCampaign
  let distributor: Address
  const gas: Record<string, bigint> = {}

  const send = async (label: string, hash: Promise<Hash>) => {
    const receipt = await mined(clients.publicClient, hash)
    gas[label] = receipt.gasUsed
    return receipt
  }
  const position = (index: bigint) => allocations.findIndex((a) => a.index === index)
  const leaf = (index: bigint) => allocations[position(index)]!
  const proof = (index: bigint) => proofOf(tree, position(index))
  const balanceOf = (account: Address, tokenAddress = token) =>
    clients.publicClient.readContract({ address: tokenAddress, abi: arborTokenAbi, functionName: 'balanceOf', args: [account] })
  const isClaimed = (index: bigint, at = distributor) =>
    clients.publicClient.readContract({ address: at, abi: arborDistributorAbi, functionName: 'isClaimed', args: [index] })
  const simulate = (functionName: string, args: readonly unknown[], account: PrivateKeyAccount = relayer!, address = distributor) =>
    clients.publicClient.simulateContract({ address, abi: arborDistributorAbi, functionName, args, account } as never)
  const write = (functionName: string, args: readonly unknown[], account: PrivateKeyAccount = relayer!, address = distributor) =>
    clients.walletClient.writeContract({ address, abi: arborDistributorAbi, functionName, args, account } as never)
  const signClaim = (
    signer: PrivateKeyAccount,
    claim: { index: bigint; account: Address; amount: bigint; to: Address; deadline: bigint },
    domain: { chainId?: number; distributor?: Address } = {},
  ) =>
    signer.signTypedData(
      getClaimTypedData({ chainId: domain.chainId ?? anvil.chainId, distributor: domain.distributor ?? distributor, ...claim }),
    )

  async function newCampaign(overrides: Partial<DistributorCampaign>, salt: Hex, fund = true) {
    const params = { ...campaign, ...overrides }
    const created = await createDistributor(clients, { factory, campaign: params, salt })
    if (fund) {
      const total = allocations.reduce((sum, a) => sum + a.amount, 0n)
      await mined(
        clients.publicClient,
        clients.walletClient.writeContract({
          address: params.token,
          abi: arborTokenAbi,
          functionName: 'transfer',
          args: [created.distributor, total],
        }),
      )
    }
    return created.distributor
  }

  beforeAll(async () => {
    anvil = await startAnvil()
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: owner })
    token = getAddress(
      (await deployContract(clients, {
        abi: arborTokenAbi,
        bytecode: arborTokenBytecode,
        args: ['Arbor Test', 'ARBT', owner.address, owner.address, tokens('1000000')],
      })).address,
    )
    const deployedFactory = await deployContract(clients, { abi: arborDistributorFactoryAbi, bytecode: arborDistributorFactoryBytecode })
    factory = deployedFactory.address
    gas['deploy factory'] = deployedFactory.receipt.gasUsed
    wallet = (await deployContract(clients, { abi: smartWalletAbi, bytecode: smartWalletBytecode, args: [walletOwner!.address] })).address

    allocations = [
      { index: 0n, account: alice!.address, amount: tokens('100') },
      { index: 1n, account: bob!.address, amount: tokens('200') },
      { index: 2n, account: carol!.address, amount: tokens('300') },
      { index: 3n, account: wallet, amount: tokens('400') },
      { index: 5n, account: dave!.address, amount: tokens('60') },
      { index: 6n, account: dave!.address, amount: tokens('70') },
      { index: 7n, account: erin!.address, amount: tokens('80') },
      { index: 8n, account: frank!.address, amount: tokens('90') },
      ...batchSigners.map((signer, i) => ({ index: BigInt(10 + i), account: signer.address, amount: tokens(`${i + 1}`) })),
      // a badly built tree: two leaves share index 20
      { index: 20n, account: batchSigners[0]!.address, amount: tokens('5') },
      { index: 20n, account: batchSigners[1]!.address, amount: tokens('6') },
    ]
    tree = allocationTree(allocations)
    const now = await latestTimestamp(clients.publicClient)
    const contentHash = keccak256(toHex('the dump of this test allocation'))
    campaign = { token, merkleRoot: tree.root, startTime: now, endTime: now + 30n * day, owner: owner.address, contentHash }
    distributor = await predictDistributorAddress(clients.publicClient, { factory, campaign, salt: `0x${'01'.padStart(64, '0')}` })
    expect(getDistributorAddress({ factory, campaign, salt: `0x${'01'.padStart(64, '0')}` })).toBe(distributor)
    const created = await newCampaign({}, `0x${'01'.padStart(64, '0')}`)
    expect(created).toBe(distributor)
  })

  afterAll(async () => {
    await anvil?.stop()
    if (Object.keys(gas).length > 0) console.table(Object.entries(gas).map(([operation, used]) => ({ operation, gas: Number(used) })))
  })

  describe('factory', () => {
    it('creates the campaign at the predicted address, with its parameters readable', async () => {
      expect(await clients.publicClient.getCode({ address: distributor })).toMatch(/^0x.+/)
      const read = await clients.publicClient.readContract({ address: distributor, abi: arborDistributorAbi, functionName: 'campaign' })
      expect(read).toEqual(campaign)
      expect(await clients.publicClient.readContract({ address: distributor, abi: arborDistributorAbi, functionName: 'merkleRoot' })).toBe(tree.root)
      expect(await clients.publicClient.readContract({ address: distributor, abi: arborDistributorAbi, functionName: 'owner' })).toBe(owner.address)
      const salt = `0x${'02'.padStart(64, '0')}` as const
      const predicted = await predictDistributorAddress(clients.publicClient, { factory, campaign, salt })
      expect(getDistributorAddress({ factory, campaign, salt })).toBe(predicted)
      expect(await clients.publicClient.getCode({ address: predicted })).toBeUndefined()
      const hash = clients.walletClient.writeContract({
        address: factory,
        abi: arborDistributorFactoryAbi,
        functionName: 'createDistributor',
        args: [campaign, salt],
      })
      const receipt = await send('createDistributor (full deploy)', hash)
      const [event] = parseEventLogs({ abi: arborDistributorFactoryAbi, eventName: 'DistributorCreated', logs: receipt.logs })
      expect(event?.args).toMatchObject({ distributor: predicted, token, owner: owner.address, merkleRoot: tree.root, contentHash: campaign.contentHash, salt })
      // a full contract, not a clone: the code is the distributor's own runtime, far beyond a proxy's 45 bytes
      expect(((await clients.publicClient.getCode({ address: predicted }))!.length - 2) / 2).toBeGreaterThan(4000)
    })

    it('commits the dataset content hash: readable, in the event, and part of the address', async () => {
      expect(await clients.publicClient.readContract({ address: distributor, abi: arborDistributorAbi, functionName: 'contentHash' })).toBe(campaign.contentHash)
      const otherDataset = { ...campaign, contentHash: keccak256(toHex('another dump of the same root')) }
      const salt = `0x${'01'.padStart(64, '0')}` as const
      const predicted = await predictDistributorAddress(clients.publicClient, { factory, campaign: otherDataset, salt })
      expect(predicted).not.toBe(distributor)
      const created = await createDistributor(clients, { factory, campaign: otherDataset, salt })
      expect(created.distributor).toBe(predicted)
      const [event] = parseEventLogs({ abi: arborDistributorFactoryAbi, eventName: 'DistributorCreated', logs: created.receipt.logs })
      expect(event?.args.contentHash).toBe(otherDataset.contentHash)
      expect(await clients.publicClient.readContract({ address: predicted, abi: arborDistributorAbi, functionName: 'contentHash' })).toBe(otherDataset.contentHash)
    })

    it('rejects a repeated campaign and salt, zero addresses, an empty root and an empty window', async () => {
      const create = (params: DistributorCampaign, salt: Hex = `0x${'01'.padStart(64, '0')}`) =>
        clients.publicClient.simulateContract({
          address: factory,
          abi: arborDistributorFactoryAbi,
          functionName: 'createDistributor',
          args: [params, salt],
          account: owner,
        })
      expect(await revertName(create(campaign))).toBe('DistributorExists')
      expect(await revertName(create({ ...campaign, token: zeroAddress }))).toBe('ZeroAddress')
      expect(await revertName(create({ ...campaign, owner: zeroAddress }))).toBe('ZeroAddress')
      expect(await revertName(create({ ...campaign, merkleRoot: `0x${'0'.repeat(64)}` }))).toBe('EmptyRoot')
      expect(await revertName(create({ ...campaign, contentHash: `0x${'0'.repeat(64)}` }))).toBe('EmptyContentHash')
      expect(await revertName(create({ ...campaign, endTime: campaign.startTime }))).toBe('InvalidTimeWindow')
    })

  })

  describe('claim and claimTo', () => {
    it('claim: anyone submits, the tokens go to the account, once', async () => {
      const before = await balanceOf(alice!.address)
      const receipt = await send('claim', write('claim', [0n, alice!.address, tokens('100'), proof(0n)]))
      expect((await balanceOf(alice!.address)) - before).toBe(tokens('100'))
      expect(await isClaimed(0n)).toBe(true)
      expect(await isClaimed(1n)).toBe(false)
      const [event] = parseEventLogs({ abi: arborDistributorAbi, eventName: 'Claimed', logs: receipt.logs })
      expect(event?.args).toEqual({ index: 0n, account: alice!.address, to: alice!.address, amount: tokens('100') })
      expect(await revertName(simulate('claim', [0n, alice!.address, tokens('100'), proof(0n)]))).toBe('AlreadyClaimed')
    })

    it('claim: a wrong amount, account or proof is InvalidProof', async () => {
      expect(await revertName(simulate('claim', [1n, bob!.address, tokens('201'), proof(1n)]))).toBe('InvalidProof')
      expect(await revertName(simulate('claim', [1n, carol!.address, tokens('200'), proof(1n)]))).toBe('InvalidProof')
      expect(await revertName(simulate('claim', [1n, bob!.address, tokens('200'), proof(2n)]))).toBe('InvalidProof')
    })

    it('claimTo: the account picks the destination; nobody else can claim its leaf that way', async () => {
      expect(await revertName(simulate('claimTo', [1n, tokens('200'), proof(1n), carol!.address], carol))).toBe('InvalidProof')
      expect(await revertName(simulate('claimTo', [1n, tokens('200'), proof(1n), zeroAddress], bob))).toBe('ZeroAddress')
      const before = await balanceOf(grace!.address)
      const receipt = await send('claimTo', write('claimTo', [1n, tokens('200'), proof(1n), grace!.address], bob))
      expect((await balanceOf(grace!.address)) - before).toBe(tokens('200'))
      const [event] = parseEventLogs({ abi: arborDistributorAbi, eventName: 'Claimed', logs: receipt.logs })
      expect(event?.args).toEqual({ index: 1n, account: bob!.address, to: grace!.address, amount: tokens('200') })
      expect(await revertName(simulate('claimTo', [1n, tokens('200'), proof(1n), grace!.address], bob))).toBe('AlreadyClaimed')
    })
  })

  describe('claimWithSig', () => {
    it('pays a relayed EIP-712 claim to the signed destination, and never twice', async () => {
      const deadline = (await latestTimestamp(clients.publicClient)) + day
      const claim = { index: 2n, account: carol!.address, amount: tokens('300'), to: grace!.address, deadline }
      const signature = await signClaim(carol!, claim)
      const digest = await clients.publicClient.readContract({
        address: distributor,
        abi: arborDistributorAbi,
        functionName: 'claimDigest',
        args: [claim.index, claim.account, claim.amount, claim.to, claim.deadline],
      })
      expect(await clients.publicClient.verifyTypedData({ address: carol!.address, signature, ...getClaimTypedData({ chainId: anvil.chainId, distributor, ...claim }) })).toBe(true)
      expect(digest).toMatch(/^0x[0-9a-f]{64}$/)
      const args = [2n, carol!.address, tokens('300'), grace!.address, deadline, proof(2n), signature]
      expect(await revertName(simulate('claimWithSig', [2n, carol!.address, tokens('300'), zeroAddress, deadline, proof(2n), signature]))).toBe('ZeroAddress')
      const before = await balanceOf(grace!.address)
      await send('claimWithSig', write('claimWithSig', args))
      expect((await balanceOf(grace!.address)) - before).toBe(tokens('300'))
      expect(await revertName(simulate('claimWithSig', args))).toBe('AlreadyClaimed')
    })

    it('rejects signatures replayed across chain id, distributor, index, deadline, destination or signer', async () => {
      const now = await latestTimestamp(clients.publicClient)
      const deadline = now + day
      const claim = { index: 5n, account: dave!.address, amount: tokens('60'), to: dave!.address, deadline }
      const submit = (signature: Hex, overrides: Partial<typeof claim> = {}, at = distributor) => {
        const c = { ...claim, ...overrides }
        return simulate('claimWithSig', [c.index, c.account, c.amount, c.to, c.deadline, proof(c.index), signature], relayer, at)
      }
      const otherChain = await signClaim(dave!, claim, { chainId: 1 })
      expect(await revertName(submit(otherChain))).toBe('InvalidSignature')

      const other = await newCampaign({}, `0x${'03'.padStart(64, '0')}`)
      const forOther = await signClaim(dave!, claim, { distributor: other })
      expect(await revertName(submit(forOther))).toBe('InvalidSignature')
      // …and it is good where it belongs
      await submit(forOther, {}, other)

      const good = await signClaim(dave!, claim)
      expect(await revertName(submit(good, { index: 6n, amount: tokens('70') }))).toBe('InvalidSignature')
      expect(await revertName(submit(good, { deadline: deadline + 1n }))).toBe('InvalidSignature')
      expect(await revertName(submit(good, { to: relayer!.address }))).toBe('InvalidSignature')
      expect(await revertName(submit(await signClaim(bob!, claim)))).toBe('InvalidSignature')
      expect(await revertName(submit('0x1234'))).toBe('InvalidSignature')

      const expired = { ...claim, deadline: now - 1n }
      expect(await revertName(submit(await signClaim(dave!, expired), expired))).toBe('SignatureExpired')
      await submit(good)
    })

    it('accepts an ERC-1271 smart wallet signature (and refuses one its owner did not make)', async () => {
      const deadline = (await latestTimestamp(clients.publicClient)) + day
      const claim = { index: 3n, account: wallet, amount: tokens('400'), to: walletOwner!.address, deadline }
      const args = (signature: Hex) => [3n, wallet, tokens('400'), walletOwner!.address, deadline, proof(3n), signature]
      expect(await revertName(simulate('claimWithSig', args(await signClaim(bob!, claim))))).toBe('InvalidSignature')
      const signature = await signClaim(walletOwner!, claim)
      const before = await balanceOf(walletOwner!.address)
      await send('claimWithSig (ERC-1271 wallet)', write('claimWithSig', args(signature)))
      expect((await balanceOf(walletOwner!.address)) - before).toBe(tokens('400'))
      expect(await isClaimed(3n)).toBe(true)
    })
  })

  describe('claimAndDelegate', () => {
    const delegationTypes = {
      Delegation: [
        { name: 'delegatee', type: 'address' },
        { name: 'nonce', type: 'uint256' },
        { name: 'expiry', type: 'uint256' },
      ],
    } as const
    async function delegation(signer: PrivateKeyAccount, delegatee: Address) {
      const nonce = await clients.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'nonces', args: [signer.address] })
      const expiry = (await latestTimestamp(clients.publicClient)) + day
      const signature = await signer.signTypedData({
        domain: { name: 'Arbor Test', version: '1', chainId: anvil.chainId, verifyingContract: token },
        types: delegationTypes,
        primaryType: 'Delegation',
        message: { delegatee, nonce, expiry },
      })
      const { v, r, s } = parseSignature(signature)
      return { delegatee, nonce, expiry, v: Number(v), r, s }
    }
    const votes = (account: Address) =>
      clients.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'getVotes', args: [account] })

    it('claims and delegates the votes in one relayed transaction', async () => {
      const before = await votes(bob!.address)
      await send('claimAndDelegate', write('claimAndDelegate', [7n, erin!.address, tokens('80'), proof(7n), await delegation(erin!, bob!.address)]))
      expect(await clients.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'delegates', args: [erin!.address] })).toBe(bob!.address)
      expect((await votes(bob!.address)) - before).toBe(await balanceOf(erin!.address))
    })

    it('reverts with DelegationFailed when the signature is not the account’s, and survives a front-run signature', async () => {
      const foreign = await delegation(grace!, bob!.address)
      expect(await revertName(simulate('claimAndDelegate', [8n, frank!.address, tokens('90'), proof(8n), foreign]))).toBe('DelegationFailed')
      const own = await delegation(frank!, carol!.address)
      // someone submits frank's delegation to the token first: the claim still goes through
      await mined(
        clients.publicClient,
        clients.walletClient.writeContract({
          address: token,
          abi: arborTokenAbi,
          functionName: 'delegateBySig',
          args: [own.delegatee, own.nonce, own.expiry, own.v, own.r, own.s],
          account: relayer,
        }),
      )
      await mined(clients.publicClient, write('claimAndDelegate', [8n, frank!.address, tokens('90'), proof(8n), own]))
      expect(await votes(carol!.address)).toBe(await balanceOf(frank!.address))
    })
  })

  describe('claimMany', () => {
    const batchPositions = (indices: bigint[]) => indices.map((index) => position(index))
    async function signedBatch(positions: number[], deadlineOffset = day, signerOf = (account: Address) => batchSigners.find((s) => s.address === account)!) {
      const { allocations: ordered, proof: multiProof, proofFlags } = multiProofOf(tree, positions)
      const deadline = (await latestTimestamp(clients.publicClient)) + deadlineOffset
      const claims = await Promise.all(
        ordered.map(async (a) => {
          const claim = { index: a.index, account: a.account, amount: a.amount, to: a.account, deadline }
          return { ...claim, signature: await signClaim(signerOf(a.account), claim) }
        }),
      )
      return { claims, proof: multiProof, proofFlags }
    }
    const skipped = (logs: Parameters<typeof parseEventLogs>[0]['logs']) =>
      parseEventLogs({ abi: arborDistributorAbi, eventName: 'ClaimSkipped', logs }).map((e) => e.args)

    it('pays a batch of signed claims checked by one multiproof', async () => {
      const batch = await signedBatch(batchPositions([10n, 11n, 12n, 13n]))
      const { result } = await simulate('claimMany', [batch.claims, batch.proof, batch.proofFlags])
      expect(result).toBe(4n)
      const receipt = await send('claimMany (4 claims)', write('claimMany', [batch.claims, batch.proof, batch.proofFlags]))
      expect(parseEventLogs({ abi: arborDistributorAbi, eventName: 'Claimed', logs: receipt.logs })).toHaveLength(4)
      for (const index of [10n, 11n, 12n, 13n]) {
        expect(await isClaimed(index)).toBe(true)
        expect(await balanceOf(leaf(index).account)).toBe(leaf(index).amount)
      }
    })

    it('skips and reports claims already paid (across calls), expired or badly signed, and pays the rest', async () => {
      const batch = await signedBatch(batchPositions([11n, 14n, 15n, 16n]))
      const at = (index: bigint) => batch.claims.findIndex((c) => c.index === index)
      // 15 was signed by someone else; 16 expires in the past (re-signed so only the deadline is wrong)
      const c15 = batch.claims[at(15n)]!
      c15.signature = await signClaim(bob!, c15)
      const c16 = batch.claims[at(16n)]!
      c16.deadline = (await latestTimestamp(clients.publicClient)) - 1n
      c16.signature = await signClaim(batchSigners[6]!, c16)
      const { result } = await simulate('claimMany', [batch.claims, batch.proof, batch.proofFlags])
      expect(result).toBe(1n)
      const receipt = await mined(clients.publicClient, write('claimMany', [batch.claims, batch.proof, batch.proofFlags]))
      expect(skipped(receipt.logs)).toEqual(
        expect.arrayContaining([
          { position: BigInt(at(11n)), index: 11n, reason: 0 },
          { position: BigInt(at(16n)), index: 16n, reason: 1 },
          { position: BigInt(at(15n)), index: 15n, reason: 2 },
        ]),
      )
      expect(skipped(receipt.logs)).toHaveLength(3)
      expect(await isClaimed(14n)).toBe(true)
      expect(await isClaimed(15n)).toBe(false)
      expect(await isClaimed(16n)).toBe(false)
    })

    it('pays an index only once inside one batch', async () => {
      const twenty = allocations.flatMap((a, i) => (a.index === 20n ? [i] : []))
      const batch = await signedBatch(twenty)
      const receipt = await mined(clients.publicClient, write('claimMany', [batch.claims, batch.proof, batch.proofFlags]))
      expect(parseEventLogs({ abi: arborDistributorAbi, eventName: 'Claimed', logs: receipt.logs })).toHaveLength(1)
      expect(skipped(receipt.logs)).toEqual([{ position: 1n, index: 20n, reason: 0 }])
    })

    it('reverts the whole batch on a malformed or wrong multiproof, a reordered batch, or an empty one', async () => {
      const batch = await signedBatch(batchPositions([17n, 18n, 19n]))
      const args = (claims = batch.claims, proofs = batch.proof, flags = batch.proofFlags) => [claims, proofs, flags]
      expect(await revertName(simulate('claimMany', args(batch.claims, batch.proof, [...batch.proofFlags, true])))).toBe('MerkleProofInvalidMultiproof')
      expect(await revertName(simulate('claimMany', args(batch.claims, batch.proof, batch.proofFlags.slice(1))))).toBe('MerkleProofInvalidMultiproof')
      const flipped = batch.proofFlags.map((flag, i) => (i === 0 ? !flag : flag))
      expect(await revertName(simulate('claimMany', args(batch.claims, batch.proof, flipped)))).toMatch(/^(InvalidProof|MerkleProofInvalidMultiproof)$/)
      expect(await revertName(simulate('claimMany', args([...batch.claims].reverse())))).toBe('InvalidProof')
      const inflated = batch.claims.map((c, i) => (i === 0 ? { ...c, amount: c.amount + 1n } : c))
      expect(await revertName(simulate('claimMany', args(inflated)))).toBe('InvalidProof')
      expect(await revertName(simulate('claimMany', [[], batch.proof, batch.proofFlags]))).toBe('EmptyBatch')
      for (const index of [17n, 18n, 19n]) expect(await isClaimed(index)).toBe(false)
    })
  })

  describe('time window and clawback', () => {
    it('reverts claims before the start and after the end, and claws back only after the end, only for the owner', async () => {
      const now = await latestTimestamp(clients.publicClient)
      const windowed = await newCampaign({ startTime: now + 1000n, endTime: now + 2000n }, `0x${'04'.padStart(64, '0')}`)
      const claimArgs = [0n, alice!.address, tokens('100'), proof(0n)]
      expect(await revertName(simulate('claim', claimArgs, relayer, windowed))).toBe('ClaimsNotStarted')
      expect(await revertName(simulate('clawback', [owner.address], owner, windowed))).toBe('ClawbackBeforeEnd')

      await increaseTime(clients.publicClient, 1000)
      await mined(clients.publicClient, write('claim', claimArgs, relayer, windowed))
      expect(await revertName(simulate('clawback', [owner.address], owner, windowed))).toBe('ClawbackBeforeEnd')

      await increaseTime(clients.publicClient, 1000)
      expect(await revertName(simulate('claim', [1n, bob!.address, tokens('200'), proof(1n)], relayer, windowed))).toBe('ClaimsEnded')
      expect(await revertName(simulate('claimTo', [1n, tokens('200'), proof(1n), bob!.address], bob, windowed))).toBe('ClaimsEnded')
      expect(await revertName(simulate('claimWithSig', [1n, bob!.address, tokens('200'), bob!.address, now + day, proof(1n), '0x'], relayer, windowed))).toBe('ClaimsEnded')
      expect(await revertName(simulate('claimMany', [[{ index: 1n, account: bob!.address, amount: 1n, to: bob!.address, deadline: 0n, signature: '0x' }], [], []], relayer, windowed))).toBe('ClaimsEnded')
      expect(await revertName(simulate('clawback', [relayer!.address], relayer, windowed))).toBe('NotOwner')
      expect(await revertName(simulate('clawback', [zeroAddress], owner, windowed))).toBe('ZeroAddress')

      const remaining = await balanceOf(windowed)
      expect(remaining).toBeGreaterThan(0n)
      const before = await balanceOf(grace!.address)
      const receipt = await send('clawback', write('clawback', [grace!.address], owner, windowed))
      expect((await balanceOf(grace!.address)) - before).toBe(remaining)
      expect(await balanceOf(windowed)).toBe(0n)
      const [event] = parseEventLogs({ abi: arborDistributorAbi, eventName: 'ClawedBack', logs: receipt.logs })
      expect(event?.args).toEqual({ to: grace!.address, amount: remaining })
    })
  })

  describe('re-entrancy', () => {
    it('a token that re-enters from its transfer cannot claim again', async () => {
      const hostile = (
        await deployContract(clients, { abi: hostileTokenAbi, bytecode: hostileTokenBytecode, args: [owner.address, tokens('10000')] })
      ).address
      const target = await newCampaign({ token: hostile }, `0x${'05'.padStart(64, '0')}`)
      const read = <const name extends 'attempted' | 'reentered' | 'reentryResult'>(functionName: name) =>
        clients.publicClient.readContract({ address: hostile, abi: hostileTokenAbi, functionName })
      // the paid claim re-entered for itself, then another claim re-entered for a different leaf
      const attempts = [
        { paid: [0n, alice!.address, tokens('100'), proof(0n)], reentry: [0n, alice!.address, tokens('100'), proof(0n)] },
        { paid: [2n, carol!.address, tokens('300'), proof(2n)], reentry: [1n, bob!.address, tokens('200'), proof(1n)] },
      ] as const
      const payloads: { paid: readonly unknown[]; payload: Hex }[] = attempts.map(({ paid, reentry }) => ({ paid, payload: encodeFunctionData({ abi: arborDistributorAbi, functionName: 'claim', args: reentry }) }))
      // claim's own lock and the other paths' nonReentrant are one lock: claimTo re-entered from claim's transfer
      payloads.push({
        paid: [5n, dave!.address, tokens('60'), proof(5n)],
        payload: encodeFunctionData({ abi: arborDistributorAbi, functionName: 'claimTo', args: [6n, tokens('70'), proof(6n), dave!.address] }),
      })
      for (const { paid, payload } of payloads) {
        await mined(clients.publicClient, clients.walletClient.writeContract({ address: hostile, abi: hostileTokenAbi, functionName: 'arm', args: [target, payload] }))
        await mined(clients.publicClient, write('claim', paid, relayer, target))
        expect(await read('attempted')).toBe(true)
        expect(await read('reentered')).toBe(false)
        const result = await read('reentryResult')
        expect(result.slice(0, 10)).toBe(toFunctionSelector('error ReentrancyGuardReentrantCall()'))
        expect(decodeErrorResult({ abi: arborDistributorAbi, data: result }).errorName).toBe('ReentrancyGuardReentrantCall')
      }
      expect(await balanceOf(alice!.address, hostile)).toBe(tokens('100'))
      expect(await balanceOf(bob!.address, hostile)).toBe(0n)
      expect(await balanceOf(carol!.address, hostile)).toBe(tokens('300'))
      expect(await isClaimed(1n, target)).toBe(false)
      expect(await isClaimed(6n, target)).toBe(false)
    })
  })
})
