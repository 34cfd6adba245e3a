'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'

/** Ends the admin session on the server (the cookie alone is not trusted to forget it). */
export function SignOutButton() {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  return (
    <button
      type="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true)
        await fetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined)
        router.refresh()
      }}
    >
      Sign out
    </button>
  )
}
