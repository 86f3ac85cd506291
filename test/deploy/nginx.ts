// Runs a real nginx in the foreground from a temporary prefix, configured as docs/deployment.md recommends.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { delimiter, join } from "node:path";

/** What the generated nginx.conf proxies and serves. */
export interface NginxSite {
  /** The temporary prefix: config, logs, pid file and temp folders live here. */
  dir: string;
  /** Plain HTTP port on 127.0.0.1. */
  port: number;
  /** HTTPS port on 127.0.0.1 (TLS terminated by nginx). */
  tlsPort: number;
  tlsCertificate: string;
  tlsKey: string;
  /** The app: `unix:/path/to.sock` or `127.0.0.1:8000`. */
  upstream: string;
  /** The folder nginx serves under /static/ (the project's STATIC_ROOT). */
  staticRoot: string;
  /** The path the app is mounted under, sent as X-Forwarded-Prefix. */
  prefix: string;
  /** nginx's idle timeout for upstream keep-alive connections (its default is 60s). */
  upstreamKeepaliveTimeout: string;
}

/** A running nginx. */
export interface Nginx {
  process: ChildProcess;
  errorLog(): string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "nginx is required by test/deploy/ and is not installed. Install it with " +
  "`apt-get install -y nginx-light` (Debian/Ubuntu; CI does this in .ci/run) or your system's package manager.";

/** The nginx executable, or an error telling you how to install it. */
export function findNginx(): string {
  const dirs = [
    ...(process.env.PATH ?? "").split(delimiter),
    "/usr/sbin",
    "/usr/local/sbin",
    "/usr/local/nginx/sbin",
  ];
  for (const dir of dirs) {
    const candidate = join(dir, "nginx");
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(INSTALL_HINT);
}

/**
 * The nginx.conf of docs/deployment.md, made self-contained: foreground, every path under the
 * temporary prefix, ephemeral ports.
 */
export function nginxConf(site: NginxSite): string {
  const proxy = `
      proxy_pass http://tango/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Prefix ${site.prefix};
      proxy_redirect off;`;
  const locations = `
    location /static/ {
      alias ${site.staticRoot}/;
      add_header Cache-Control "public, max-age=31536000, immutable";
      access_log off;
    }
    location ${site.prefix}/ {${proxy}
    }`;
  return `daemon off;
worker_processes 1;
pid ${site.dir}/nginx.pid;
error_log ${site.dir}/error.log info;
events { worker_connections 512; }
http {
  access_log ${site.dir}/access.log;
  client_body_temp_path ${site.dir}/client_body;
  proxy_temp_path ${site.dir}/proxy;
  fastcgi_temp_path ${site.dir}/fastcgi;
  uwsgi_temp_path ${site.dir}/uwsgi;
  scgi_temp_path ${site.dir}/scgi;
  types { text/css css; text/plain txt; application/javascript js; }
  default_type application/octet-stream;
  sendfile on;
  client_max_body_size 100m;

  upstream tango {
    server ${site.upstream};
    keepalive 16;
    keepalive_timeout ${site.upstreamKeepaliveTimeout};
  }
  server {
    listen 127.0.0.1:${site.port};
    server_name example.test;${locations}
  }
  server {
    listen 127.0.0.1:${site.tlsPort} ssl;
    server_name example.test;
    ssl_certificate ${site.tlsCertificate};
    ssl_certificate_key ${site.tlsKey};${locations}
  }
}
`;
}

/** Starts nginx in the foreground and waits until it accepts connections. */
export async function startNginx(site: NginxSite): Promise<Nginx> {
  const binary = findNginx();
  const confPath = join(site.dir, "nginx.conf");
  writeFileSync(confPath, nginxConf(site));
  const errorLogPath = join(site.dir, "error.log");
  const errorLog = () => (existsSync(errorLogPath) ? readFileSync(errorLogPath, "utf8") : "");
  const check = spawnSync(binary, ["-t", "-p", site.dir, "-c", confPath, "-e", errorLogPath], {
    encoding: "utf8",
  });
  if (check.status !== 0)
    throw new Error(`nginx rejected the generated configuration:\n${check.stderr}`);

  const child = spawn(binary, ["-p", site.dir, "-c", confPath, "-e", errorLogPath], {
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const ready = waitForPort(site.port, 10_000);
  const outcome = await Promise.race([
    ready.then(() => "ready" as const),
    exited.then(() => "exited" as const),
  ]);
  if (outcome === "exited") throw new Error(`nginx exited during start-up:\n${errorLog()}`);
  return {
    process: child,
    errorLog,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGQUIT"); // graceful: finish requests, then exit
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// A port that was free a moment ago (nginx cannot report an ephemeral port back).
export { freePort } from "../support/child-processes.js";

async function waitForPort(port: number, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: "127.0.0.1" });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${timeout} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
