/** POSTs JSON to an Arbor route (admin forms, a member's signed proposal); a 4xx's `details.fieldErrors` (or `details.field`) comes back per field. */
export async function postJson<T>(url: string, body: unknown): Promise<{ ok: true; data: T } | { ok: false; message: string; fieldErrors: Record<string, string[]> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const json = (await response.json().catch(() => ({}))) as { error?: { message: string; details?: { field?: string; fieldErrors?: Record<string, string[]> } } }
  if (response.ok) return { ok: true, data: json as T }
  const details = json.error?.details
  const fieldErrors = details?.fieldErrors ?? (details?.field ? { [details.field]: [json.error!.message] } : {})
  return { ok: false, message: json.error?.message ?? `The server answered ${response.status}.`, fieldErrors }
}

/** Focuses the first control marked invalid, after React rendered the errors. */
export function focusFirstInvalid() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
}
