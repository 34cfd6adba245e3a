// Server-side admin sign-in. Browser code imports `./create-admin-siwe-message` and `./schema` directly.
export { assertSameOrigin } from './assert-same-origin'
export type { AssertSameOriginParameters } from './assert-same-origin'
export { checkAdminSiweMessage } from './check-admin-siwe-message'
export type { CheckAdminSiweMessageParameters, CheckAdminSiweMessageReturnType } from './check-admin-siwe-message'
export { checkNonce } from './check-nonce'
export type { CheckNonceParameters, CheckNonceReturnType } from './check-nonce'
export { createAdminSiweMessage } from './create-admin-siwe-message'
export type { CreateAdminSiweMessageParameters } from './create-admin-siwe-message'
export { AdminSessionRequiredError, CrossSiteRequestError, InvalidSignInError, NotAdminError, SignInRejectedError } from './errors'
export { getAdminAuthConfig } from './get-admin-auth-config'
export type { AdminAuthConfig } from './get-admin-auth-config'
export { getAdminSession } from './get-admin-session'
export type { GetAdminSessionParameters } from './get-admin-session'
export { getAdminSessionOrThrow } from './get-admin-session-or-throw'
export { hashSessionToken } from './hash-session-token'
export { issueNonce } from './issue-nonce'
export type { IssueNonceParameters, IssueNonceReturnType } from './issue-nonce'
export { readSessionToken } from './read-session-token'
export type { SessionTokenSource } from './read-session-token'
export {
  ADMIN_SIWE_STATEMENT,
  CLOCK_SKEW_MS,
  NONCE_TTL_MS,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  signInRequestSchema,
} from './schema'
export type { AdminSession, NonceResponse, SignInRequest } from './schema'
export { serializeSessionCookie } from './serialize-session-cookie'
export type { SerializeSessionCookieParameters } from './serialize-session-cookie'
export { signInAdmin } from './sign-in-admin'
export type { SignInAdminParameters, SignInAdminReturnType } from './sign-in-admin'
export { signOutAdmin } from './sign-out-admin'
export type { SignOutAdminParameters } from './sign-out-admin'
export { isLoopbackHost, requestSiteOf } from './request-site-of'
export type { RequestSite, RequestSiteOfParameters } from './request-site-of'
export { siweBindingOf } from './siwe-binding-of'
export type { SiweBinding, SiweBindingOfParameters } from './siwe-binding-of'
