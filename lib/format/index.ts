export { formatDateTime } from './format-date-time'
export { formatPercent, toBasisPoints, type FormatPercentOptions } from './format-percent'
export { formatTokenAmount, type FormatTokenAmountOptions } from './format-token-amount'
export { shortAddress } from './short-address'
