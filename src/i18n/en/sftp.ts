/**
 * The sftp domain's words (see ./core.ts for the conventions): why a game server's SFTP access failed,
 * as admins read it in `/server add`, `/server test`, `/server browse` and poll errors. Hosts, ports,
 * paths and fingerprints are parameters; a password or key never is.
 */
export const sftp = {
  // Connection failures (src/sftp/errors.ts)
  'sftp.hostKey.mismatch':
    'host key changed for {server}: expected {expected} but the server presented {actual}. If the host was reinstalled or moved, run /server test and trust the new key; otherwise someone may be intercepting the connection.',
  'sftp.hostKey.thisServer': 'the server',
  'sftp.hostKey.rejected': 'host key of {host}:{port} was rejected',
  'sftp.where': '{host}:{port}',
  'sftp.error.unreachable':
    'could not reach an SSH server at {host}:{port}: check the host and port (many hosts use 8822) and that the server is online',
  'sftp.error.auth': 'authentication failed: check the username and password',
  'sftp.error.refused':
    'connection refused by {host}:{port}: the port is closed or no SFTP server listens there (check the port; many hosts use 8822)',
  'sftp.error.timeout': 'connection to {host}:{port} timed out: the host did not answer (check the host, port and firewall)',
  'sftp.error.hostUnreachable': 'host {host}:{port} is unreachable from the bot',
  'sftp.error.handshake':
    'could not agree on SSH algorithms with {host}:{port}: the server may only offer legacy algorithms (turn on `legacy_algorithms` in /server add or /server edit)',
  'sftp.error.lost': 'the connection to {host}:{port} was lost; try again shortly',
  'sftp.error.notFound': 'no such file or folder',
  'sftp.error.notFoundPath': 'no such file or folder: {path}',
  'sftp.error.permission': 'permission denied',
  'sftp.error.permissionPath': 'permission denied: {path}',
  'sftp.error.other': 'SFTP error talking to {host}:{port}',

  // Host and port checks (src/sftp/hostGuard.ts)
  'sftp.host.empty': 'the host is empty',
  'sftp.host.invalid': '"{host}" is not a valid host name: give an IP address or a name like sftp.example.com, without sftp:// or a port',
  'sftp.host.unresolved': 'could not resolve host "{host}": check the spelling',
  'sftp.host.dnsTimeout': 'could not resolve host "{host}" (DNS timed out): check the spelling',
  'sftp.host.notPublic': 'host "{host}" resolves to {address}, a {why} address: only public addresses are allowed',
  'sftp.port.invalid': 'the port must be a whole number from 1 to 65535 (got {got})',

  // Why an address is refused: `{why}` of sftp.host.notPublic
  'sftp.addressKind.unspecified': 'unspecified',
  'sftp.addressKind.loopback': 'loopback',
  'sftp.addressKind.private': 'private',
  'sftp.addressKind.cgnat': 'carrier-grade NAT',
  'sftp.addressKind.linkLocal': 'link-local',
  'sftp.addressKind.ietf': 'IETF protocol assignment',
  'sftp.addressKind.benchmarking': 'benchmarking',
  'sftp.addressKind.multicast': 'multicast',
  'sftp.addressKind.reserved': 'reserved',
  'sftp.addressKind.broadcast': 'broadcast',
  'sftp.addressKind.siteLocal': 'site-local',
  'sftp.addressKind.documentation': 'documentation',
  'sftp.addressKind.localNat64': 'local-use NAT64',
  'sftp.addressKind.notIp': 'not an IP address',
  /** An IPv4 address inside an IPv6 one: `{form}` is IPv4-mapped, IPv4-translated, NAT64 or 6to4. */
  'sftp.addressKind.embedded': '{why} ({form})',

  // Paths inside a server's root (src/sftp/paths.ts, rootedFiles.ts)
  'sftp.path.rootNul': 'the root path contains a NUL byte',
  'sftp.path.nul': 'the path contains a NUL byte',
  'sftp.path.tooLong': 'the path is too long',
  'sftp.path.outsideRoot': 'the path "{path}" is outside this server\'s root folder ({root})',
  'sftp.path.missing': '`{path}` does not exist',
  'sftp.path.pointsOutside': "`{path}` points outside this server's root folder",
  'sftp.path.outside': 'outside the root',
  'sftp.path.isFile': '`{path}` is a file, not a folder',
  'sftp.path.notFile': '`{path}` is not a file',
  'sftp.path.denied': 'permission denied reading `{path}`',
  'sftp.path.tooBig': '`{path}` is {size}, above the download limit of {limit}',
  'sftp.read.badOffset': 'the read offset must be a non-negative integer',

  // The pool and the connection test (src/sftp/limiter.ts, connectivity.ts)
  'sftp.pool.full': 'the bot is at its limit of SFTP connections; try again shortly',
  'sftp.pool.unknownServer': 'unknown SFTP server {id}',
  'sftp.test.noUsername': 'the username is empty',
  'sftp.test.noPassword': 'a password is required',
  'sftp.test.noRoot': 'the root folder "{root}" does not exist on the server',
} as const;
