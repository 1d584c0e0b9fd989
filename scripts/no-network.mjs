// Blocks every fetch to a host other than loopback: proves a build makes no outside request.
const real = globalThis.fetch;
globalThis.fetch = async (url, ...rest) => {
  const u = new URL(String(url?.url ?? url));
  if (["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)) return real(url, ...rest);
  console.error(`[no-network] blocked fetch ${u}`);
  throw new Error(`[no-network] blocked fetch ${u}`);
};
