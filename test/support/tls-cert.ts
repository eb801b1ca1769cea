// Certificates made for a test with the system's openssl: a private CA and a server certificate it
// signs, or a self-signed one, for HTTPS servers on loopback (issue 14: --ca, --insecure, TLS failures).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificates {
  /** The CA's certificate (PEM): what `--ca` trusts. */
  caCert: string;
  caFile: string;
  /** A server key and certificate signed by the CA, for `hosts`. */
  key: string;
  cert: string;
  /** A self-signed server certificate for localhost (not signed by the CA). */
  selfSignedKey: string;
  selfSignedCert: string;
  dispose(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA, a certificate it signs for `hosts` (DNS names), and a self-signed one for localhost. */
export function makeCertificates(hosts: readonly string[] = ['localhost']): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'tokenbench-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Tokenbench test CA']);
  openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hosts[0]}`]);
  writeFileSync(path.join(dir, 'ext.cnf'), `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}\n`);
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf']);
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'self.key', '-out', 'self.pem', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost']);
  const read = (name: string): string => readFileSync(path.join(dir, name), 'utf8');
  return {
    caCert: read('ca.pem'),
    caFile: path.join(dir, 'ca.pem'),
    key: read('server.key'),
    cert: read('server.pem'),
    selfSignedKey: read('self.key'),
    selfSignedCert: read('self.pem'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
