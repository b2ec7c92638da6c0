// Shared HTTP pieces for every route and provider callback: JSON answers, bounded body reading,
// rate limits, the client's address behind trusted proxies, security headers.
export * from "./response";
export * from "./body";
export * from "./json-shape";
export * from "./rate-limit";
