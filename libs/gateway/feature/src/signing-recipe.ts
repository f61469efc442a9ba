/** The top of the gateway's OpenAPI page: how a partner signs a request (the public contract). */
export const SIGNING_RECIPE = `
The only door for partners (banks, intermediaries, e-wallets) to pay electricity bills. JSON over HTTPS, versioned under \`/v1\`.

## Signing every request

Each request carries five headers:

| header | value |
|---|---|
| \`X-Partner-Code\` | your partner code, e.g. \`agribank\` |
| \`X-Key-Id\` | the id of one of your active keys (two may be active while you rotate) |
| \`X-Timestamp\` | unix seconds; more than 300 s away from our clock → 401 |
| \`X-Nonce\` | 16–64 visible ASCII characters, unique per request; a nonce seen before → 401 |
| \`X-Signature\` | lowercase hex HMAC-SHA256(secret, stringToSign) |

\`stringToSign = METHOD + "\\n" + PATH_WITH_QUERY + "\\n" + TIMESTAMP + "\\n" + NONCE + "\\n" + hex(SHA256(raw body bytes))\`

- METHOD in upper case; PATH_WITH_QUERY exactly as on the request line (\`/v1/bills?customerCode=PB05020054904\`);
- the hash is over the exact bytes you send (empty body → SHA-256 of the empty string, \`e3b0c442…b855\`).

Node.js:
\`\`\`js
const body = JSON.stringify(payment);
const ts = Math.floor(Date.now() / 1000).toString();
const nonce = crypto.randomBytes(16).toString('hex');
const toSign = ['POST', '/v1/payments', ts, nonce, crypto.createHash('sha256').update(body).digest('hex')].join('\\n');
const signature = crypto.createHmac('sha256', secret).update(toSign).digest('hex');
\`\`\`

## Errors

Always JSON \`{ "code": "MACHINE_CODE", "message": "...", "field": "the one field at fault, if any" }\`:
400 \`VALIDATION_FAILED\` (field named) · 401 \`MISSING_HEADER\` \`BAD_NONCE\` \`STALE_TIMESTAMP\` \`UNKNOWN_KEY\` \`BAD_SIGNATURE\` \`REPLAYED_NONCE\` ·
403 \`PARTNER_DISABLED\` · 404 \`CUSTOMER_NOT_FOUND\` \`PAYMENT_NOT_FOUND\` (also for another partner's payment) ·
409 \`IDEMPOTENCY_CONFLICT\` · 413 \`PAYLOAD_TOO_LARGE\` (bodies over 64 KB) · 422 \`REVERSAL_WINDOW_CLOSED\` ·
429 \`RATE_LIMITED\` with \`Retry-After\` seconds · 503 \`UPSTREAM_UNAVAILABLE\` (retry with the same partnerTxnId).
`.trim();
