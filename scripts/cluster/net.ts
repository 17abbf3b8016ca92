/**
 * The virtual network of `npm run cluster`: one Linux bridge (flxbr0, 10.77.0.1/24 — the harness and
 * its clients live in the machine's own namespace on it) and one network namespace per "host"
 * (flx-<name>), joined to the bridge by a veth pair (flxv-<name> outside, eth0 inside). Hosts talk to
 * each other over that network only: a host's loopback is its own, so a process bound to 127.0.0.1 in
 * one host is unreachable from the others, as on separate machines.
 *
 * Everything made here carries the flx prefix, so `teardown()` (and `leftovers()`, its check) can find
 * what an earlier, killed run left behind and remove it before starting.
 */
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export const SUBNET = "10.77.0";
export const BRIDGE = "flxbr0";
export const BRIDGE_IP = `${SUBNET}.1`;
const NS_PREFIX = "flx-";
const VETH_PREFIX = "flxv-";

function ip(...args: string[]): string {
  return execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}
const quiet = (...args: string[]) => {
  try {
    ip(...args);
  } catch {
    /* already gone */
  }
};

export interface Host {
  name: string;
  ns: string;
  ip: string;
  /** Run `cmd` inside the host (its own network, the machine's files and users). */
  spawn(cmd: string, args: string[], o?: SpawnOptions): ChildProcess;
  /** Every process running in the host's namespace right now. */
  pids(): number[];
  /** Take the host's link down (`up` false) or bring it back: the "cable" is pulled, processes live on. */
  link(up: boolean): void;
}

/** Names of namespaces and links from us (this run or an earlier one that was killed). */
export function leftovers(): string[] {
  const found: string[] = [];
  for (const line of ip("netns", "list").split("\n")) {
    const name = line.split(" ")[0];
    if (name?.startsWith(NS_PREFIX)) found.push(`netns ${name}`);
  }
  for (const line of ip("-o", "link", "show").split("\n")) {
    const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1];
    if (name && (name === BRIDGE || name.startsWith(VETH_PREFIX))) found.push(`link ${name}`);
  }
  return found;
}

/** Kill every process in our namespaces, delete them, the veths and the bridge; wait until gone. */
export async function teardown(): Promise<string[]> {
  for (const line of ip("netns", "list").split("\n")) {
    const ns = line.split(" ")[0];
    if (!ns?.startsWith(NS_PREFIX)) continue;
    let pids: number[] = [];
    try {
      pids = ip("netns", "pids", ns).split("\n").filter(Boolean).map(Number);
    } catch {
      /* namespace half-made */
    }
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    quiet("netns", "del", ns);
  }
  for (const l of leftovers()) if (l.startsWith("link ")) quiet("link", "del", l.slice(5));
  // namespace and veth removal finishes asynchronously in the kernel
  for (let i = 0; i < 50 && leftovers().length; i++) await new Promise((r) => setTimeout(r, 100));
  return leftovers();
}

/** The bridge, with the machine's own side at BRIDGE_IP. */
export function makeBridge(): void {
  ip("link", "add", BRIDGE, "type", "bridge");
  ip("addr", "add", `${BRIDGE_IP}/24`, "dev", BRIDGE);
  ip("link", "set", BRIDGE, "up");
}

/** A host named `name` at SUBNET.`octet`. */
export function makeHost(name: string, octet: number): Host {
  if (!/^[a-z0-9]{1,8}$/.test(name)) throw new Error(`host name ${name}: 1-8 lowercase letters or digits`);
  const ns = `${NS_PREFIX}${name}`;
  const veth = `${VETH_PREFIX}${name}`;
  const addr = `${SUBNET}.${octet}`;
  ip("netns", "add", ns);
  ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
  ip("link", "set", veth, "master", BRIDGE, "up");
  ip("-n", ns, "addr", "add", `${addr}/24`, "dev", "eth0");
  ip("-n", ns, "link", "set", "eth0", "up");
  ip("-n", ns, "link", "set", "lo", "up");
  return {
    name,
    ns,
    ip: addr,
    // `ip netns exec` execs the command: the child's pid is the program's own
    spawn: (cmd, args, o = {}) => spawn("ip", ["netns", "exec", ns, cmd, ...args], o),
    pids: () => {
      try {
        return ip("netns", "pids", ns).split("\n").filter(Boolean).map(Number);
      } catch {
        return [];
      }
    },
    link: (up) => ip("link", "set", veth, up ? "up" : "down"),
  };
}
