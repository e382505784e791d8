// Which classifier judges which program, and the plain tables for programs whose risk does not
// depend on a sub-command (`cat` reads, `chmod` changes, `rm` destroys).
import { aws, az, gcloud, gsutil, terraform } from './risk-cloud.ts';
import { ceph, etcdctl, mongo, rados, rbd, redisCli, sqlClient } from './risk-data.ts';
import { addon, containers, helm, kubectl } from './risk-kube.ts';
import { ansible, evalRunner, find, parallel, shell, ssh, su, watch, wrapper, xargs, isWrapper } from './risk-runners.ts';
import {
  crontab, dmesg, git, gitlabCtl, hashicorp, http, ip, iptables, journalctl, knife, packages, readUnlessArgs, sed, service, sysctl, systemctl, tar,
} from './risk-system.ts';
import { type Classifier, change, destructive, hasFlag, lastTarget, lower, positionals, read } from './risk-words.ts';

/** Capture and profiling tools read, unless told to write a file (`tcpdump -w x.pcap`). */
const capture: Classifier = (args, program) => (hasFlag(args, '-w', '-o') || args.some((w) => w.value === 'record') ? change(`${program} -w (writes a file)`) : read(program));

const READ_PROGRAMS = [
  'cat', 'grep', 'egrep', 'fgrep', 'zgrep', 'rg', 'ag', 'head', 'tail', 'less', 'more', 'most', 'echo', 'printf', 'jq', 'yq', 'awk', 'gawk', 'sort', 'uniq',
  'cut', 'tr', 'wc', 'dig', 'nslookup', 'host', 'ping', 'ping6', 'traceroute', 'tracepath', 'mtr', 'ls', 'll', 'df', 'du', 'free', 'uptime', 'w', 'who',
  'whoami', 'id', 'groups', 'printenv', 'stat', 'ps', 'pgrep', 'pidof', 'top', 'htop', 'atop', 'btop', 'iostat', 'vmstat', 'mpstat', 'pidstat', 'sar',
  'netstat', 'ss', 'lsof', 'column', 'base64', 'openssl', 'file', 'which', 'type', 'whereis', 'uname', 'nc', 'ncat', 'telnet', 'lsblk', 'blkid',
  'findmnt', 'true', 'false', 'sleep', 'wait', 'diff', 'cmp', 'tree', 'pwd', 'test', '[', '[[', 'xxd', 'hexdump', 'od', 'zcat', 'zless', 'bzcat',
  'xzcat', 'lscpu', 'lsmem', 'lspci', 'lsusb', 'lsmod', 'nproc', 'getent', 'last', 'lastlog', 'history', 'man', 'info', 'seq', 'tac', 'rev', 'nl',
  'fold', 'fmt', 'paste', 'join', 'comm', 'expand', 'basename', 'dirname', 'realpath', 'readlink', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum',
  'cksum', 'strings', 'locate', 'iotop', 'iftop', 'nethogs', 'nload', 'bmon', 'dstat', 'glances', 'tcpdump', 'tshark', 'ngrep', 'arp', 'route',
  'ethtool', 'iwconfig', 'ifconfig', 'smartctl', 'hdparm', 'numactl', 'lslocks', 'ipcs', 'ulimit', 'getconf', 'locale', 'tty', 'cal', 'factor',
  'bc', 'expr', 'calc', 'jless', 'fx', 'gron', 'stern', 'kubetail', 'curlie', 'httpstat', 'ab', 'hey', 'wrk', 'nmap', 'whois', 'dog', 'drill',
  'kdig', 'delv', 'host', 'systemd-analyze', 'systemd-cgls', 'systemd-cgtop', 'loginctl', 'networkctl', 'resolvectl', 'busctl', 'coredumpctl',
  'hostnamectl', 'timedatectl', 'localectl', 'pg_isready', 'pg_controldata', 'mysqlshow', 'redis-benchmark', 'keytool', 'certtool', 'step',
  'cfssl', 'nvidia-smi', 'sensors', 'dmidecode', 'lshw', 'inxi', 'virt-what', 'view', 'zgrep', 'journalctl', 'exit', 'logout', 'clear',
  'reset', 'pstree', 'fuser', 'slabtop', 'bpftrace', 'trace', 'opensnoop', 'execsnoop', 'biolatency', 'tcpconnect',
];
const CHANGE_PROGRAMS = [
  'kill', 'pkill', 'killall', 'skill', 'mv', 'cp', 'chmod', 'chown', 'chgrp', 'chattr', 'setfacl', 'tee', 'ln', 'mkdir', 'touch', 'install',
  'chef-client', 'chef-client-disable', 'chef-client-enable', 'chef-solo', 'certbot', 'scp', 'sftp', 'rsync', 'mount', 'umount', 'swapon',
  'swapoff', 'modprobe', 'insmod', 'rmmod', 'renice', 'hostname', 'date', 'hwclock', 'ntpdate', 'chronyc', 'useradd', 'usermod', 'userdel',
  'groupadd', 'passwd', 'chpasswd', 'visudo', 'vi', 'vim', 'nvim', 'nano', 'emacs', 'ed', 'pico', 'micro', 'gzip', 'gunzip', 'bzip2', 'bunzip2',
  'xz', 'unxz', 'zip', 'unzip', '7z', 'split', 'patch', 'make', 'ninja', 'python', 'python3', 'python2', 'node', 'ruby', 'perl', 'php', 'java',
  'go', 'cargo', 'lua', 'Rscript', 'source', '.', 'trap', 'read', 'nmcli', 'ifup', 'ifdown', 'brctl', 'tc', 'ufw', 'firewall-cmd', 'nft', 'ipset',
  'update-ca-certificates', 'update-alternatives', 'ldconfig', 'depmod', 'grub2-mkconfig', 'dracut', 'restorecon', 'setenforce', 'semanage',
  'sysctl', 'ulimit', 'lvextend', 'lvresize', 'lvcreate', 'vgextend', 'pvcreate', 'vgcreate', 'resize2fs', 'xfs_growfs', 'growpart', 'fsck',
  'e2fsck', 'xfs_repair', 'tune2fs', 'losetup', 'dmsetup', 'multipath', 'iscsiadm', 'exportfs', 'gitlab-rake', 'gitlab-rails', 'gitlab-runner',
  'gitlab-backup', 'supervisorctl', 'pm2', 'nginx', 'haproxy', 'apachectl', 'varnishadm', 'redis-server', 'pg_ctl', 'pg_ctlcluster', 'pg_basebackup',
  'pg_restore', 'pg_dump', 'pg_dumpall', 'mysqldump', 'mysqladmin', 'patronictl', 'nodetool', 'kafka-topics', 'kafka-configs', 'kafka-consumer-groups',
  'kafka-reassign-partitions', 'zkcli', 'zkCli.sh', 'ipmitool', 'virsh', 'openstack', 'doctl', 'heroku', 'flyctl', 'gh', 'glab', 'mc', 's3cmd',
  'rclone', 'restic', 'borg', 'velero', 'kubeadm', 'kops', 'minikube', 'kind', 'k3s', 'microk8s', 'oc-mirror', 'skopeo', 'buildah', 'ctr', 'nerdctl',
  'gpg', 'ssh-keygen', 'ssh-add', 'ssh-copy-id', 'htpasswd', 'pwgen', 'uuidgen', 'alias', 'unalias', 'set', 'unset', 'shopt', 'local', 'declare',
  'typeset', 'readonly', 'export', 'cd', 'pushd', 'popd', 'screen', 'tmux', 'script', 'at', 'batch', 'logger', 'notify-send', 'mail', 'sendmail',
  'k9s', 'wall',
];
const DESTRUCTIVE_PROGRAMS = [
  'rm', 'rmdir', 'unlink', 'dd', 'shred', 'truncate', 'reboot', 'shutdown', 'halt', 'poweroff', 'wipefs', 'fdisk', 'sfdisk', 'gdisk', 'sgdisk',
  'parted', 'mkfs', 'mkfs.ext4', 'mkfs.xfs', 'mkfs.btrfs', 'mkfs.vfat', 'mkswap', 'lvremove', 'vgremove', 'pvremove', 'blkdiscard', 'srm', 'telinit',
  'init', 'kexec', 'zpool', 'zfs',
];
/** Builtins that only shape the environment: they never raise the risk on their own. */
const NEUTRAL_PROGRAMS = ['export', 'cd', 'pushd', 'popd', 'set', 'unset', 'shopt', 'local', 'declare', 'typeset', 'readonly', 'alias', 'unalias', 'trap', 'exit', 'logout', 'return', 'shift', 'true', ':'];

const named = (risk: 'read' | 'change'): Classifier => (_args, program) => (risk === 'read' ? read(program) : change(program));
const destroys: Classifier = (args, program) => destructive(program, lastTarget(positionals(args)));

/** Programs whose sub-command table is one list of read and one of destructive verbs. */
const SUBCOMMAND_TABLES: Record<string, { read: string[]; destructive: string[] }> = {
  patronictl: { read: ['list', 'history', 'show-config', 'topology', 'dsn', 'query', 'version'], destructive: ['remove', 'reinit'] },
  nodetool: { read: ['status', 'info', 'tpstats', 'cfstats', 'tablestats', 'ring', 'describecluster', 'netstats', 'compactionstats', 'gossipinfo', 'version', 'proxyhistograms', 'tablehistograms', 'getcompactionthroughput'], destructive: ['removenode', 'decommission', 'assassinate', 'clearsnapshot', 'truncatehints'] },
  'gitlab-rake': { read: ['gitlab:check', 'gitlab:env:info', 'gitlab:doctor:secrets', 'gitlab:db:migrate:status'], destructive: ['gitlab:backup:restore', 'db:drop', 'gitlab:setup', 'gitlab:db:drop_tables'] },
  'gitlab-rails': { read: [], destructive: [] },
  mc: { read: ['ls', 'cat', 'stat', 'du', 'head', 'find', 'diff', 'tree', 'version', 'admin'], destructive: ['rm', 'rb'] },
  s3cmd: { read: ['ls', 'la', 'info', 'du', 'get'], destructive: ['del', 'rm', 'rb'] },
  rclone: { read: ['ls', 'lsd', 'lsl', 'lsf', 'size', 'check', 'cat', 'about', 'version', 'listremotes', 'tree'], destructive: ['delete', 'deletefile', 'purge', 'rmdir', 'rmdirs', 'sync', 'cleanup'] },
  ipmitool: { read: ['sel', 'sensor', 'sdr', 'fru', 'mc', 'lan', 'user'], destructive: [] },
  virsh: { read: ['list', 'dominfo', 'domstate', 'dumpxml', 'nodeinfo', 'capabilities', 'net-list', 'pool-list', 'vol-list', 'domblklist', 'domiflist'], destructive: ['destroy', 'undefine', 'vol-delete', 'pool-delete', 'pool-destroy', 'net-destroy', 'reset'] },
  openstack: { read: ['list', 'show'], destructive: ['delete'] },
  doctl: { read: ['list', 'get', 'ls'], destructive: ['delete', 'rm'] },
  heroku: { read: ['ps', 'logs', 'releases', 'config', 'apps:info', 'pg:info', 'status', 'info', 'addons', 'domains', 'regions'], destructive: ['apps:destroy', 'pg:reset', 'addons:destroy', 'destroy'] },
  gh: { read: ['status', 'view', 'list', 'search', 'api', 'browse', 'diff', 'checks'], destructive: ['delete'] },
  glab: { read: ['view', 'list', 'status', 'ci', 'search'], destructive: ['delete'] },
  kafka: { read: ['--list', '--describe'], destructive: ['--delete'] },
  velero: { read: ['get', 'describe', 'logs', 'version'], destructive: ['delete'] },
  restic: { read: ['snapshots', 'ls', 'check', 'stats', 'cat', 'find', 'diff', 'version'], destructive: ['forget', 'prune'] },
  supervisorctl: { read: ['status', 'avail', 'tail', 'pid', 'version', 'help'], destructive: ['remove', 'shutdown'] },
  pm2: { read: ['list', 'ls', 'status', 'show', 'describe', 'logs', 'monit', 'info', 'jlist', 'prettylist'], destructive: ['delete', 'kill'] },
  certbot: { read: ['certificates', '--version'], destructive: ['revoke', 'delete'] },
  pg_ctl: { read: ['status'], destructive: ['kill'] },
  mysqladmin: { read: ['status', 'processlist', 'variables', 'ping', 'version', 'extended-status'], destructive: ['drop', 'shutdown'] },
  'kafka-topics': { read: ['--list', '--describe'], destructive: ['--delete'] },
  'kafka-consumer-groups': { read: ['--list', '--describe'], destructive: ['--delete', '--delete-offsets'] },
  'kafka-configs': { read: ['--describe'], destructive: ['--delete-config'] },
  'gitlab-runner': { read: ['status', 'list', 'verify', '--version'], destructive: ['unregister', 'uninstall'] },
  'nvidia-smi': { read: ['', '-q', '-L', 'topo', 'nvlink', 'dmon', 'pmon'], destructive: ['-r', '--gpu-reset'] },
  ocm: { read: ['describe', 'list', 'get', 'whoami', 'version', 'config', 'account'], destructive: ['delete'] },
  ctr: { read: ['containers', 'images', 'tasks', 'version', 'namespaces', 'snapshots', 'content', 'leases', 'events', 'info'], destructive: ['rm', 'delete', 'del', 'prune'] },
};

/** First word that appears in the table decides; flags count (`kafka-topics --delete`). */
const subcommands: Classifier = (args, program) => {
  const table = SUBCOMMAND_TABLES[program];
  if (!table) return change(`unrecognised command ${program}`);
  const words = lower(args.filter((w) => !w.quoted && !w.placeholder));
  const bad = words.find((w) => table.destructive.includes(w));
  if (bad) return destructive(`${program} ${bad}`, lastTarget(positionals(args).slice(1)));
  if ((program === 'nvidia-smi' && words.length === 0) || words.some((w) => w && table.read.includes(w) && words.indexOf(w) < 3)) {
    return read(`${program} ${words.find((w) => table.read.includes(w)) ?? ''}`.trim());
  }
  // `ctr -n k8s.io containers list`: a group word then a verb.
  if (words.some((w) => w === 'ls' || w === 'list' || w === 'info' || w === 'show') && program === 'ctr') return read(`${program} list`);
  return change(`${program} ${positionals(args)[0]?.value ?? ''}`.trim());
};

const entries: [string[], Classifier][] = [
  [READ_PROGRAMS, named('read')],
  [CHANGE_PROGRAMS, named('change')],
  [NEUTRAL_PROGRAMS, named('read')],
  [DESTRUCTIVE_PROGRAMS, destroys],
  [Object.keys(SUBCOMMAND_TABLES), subcommands],
  [['kubectl', 'oc', 'k', 'kubecolor'], kubectl],
  [['helm'], helm],
  [['docker', 'podman', 'nerdctl', 'crictl'], containers],
  [['istioctl', 'argocd', 'flux', 'virtctl', 'linkerd', 'kustomize', 'eksctl'], addon],
  [['aws'], aws],
  [['gcloud'], gcloud],
  [['gsutil'], gsutil],
  [['az'], az],
  [['terraform', 'tofu', 'terragrunt'], terraform],
  [['psql', 'gitlab-psql', 'mysql', 'mariadb', 'cqlsh', 'clickhouse-client', 'sqlite3'], sqlClient],
  [['redis-cli', 'gitlab-redis-cli', 'valkey-cli'], redisCli],
  [['mongo', 'mongosh'], mongo],
  [['etcdctl'], etcdctl],
  [['ceph', 'radosgw-admin'], ceph],
  [['rados'], rados],
  [['rbd'], rbd],
  [['systemctl'], systemctl],
  [['service'], service],
  [['journalctl'], journalctl],
  [['git'], git],
  [['curl', 'wget', 'http', 'https'], http],
  [['gitlab-ctl'], gitlabCtl],
  [['knife'], knife],
  [['vault', 'consul', 'nomad'], hashicorp],
  [['sed'], sed],
  [['tar'], tar],
  [['sysctl'], sysctl],
  [['ip'], ip],
  [['iptables', 'ip6tables'], iptables],
  [['crontab'], crontab],
  [['dmesg'], dmesg],
  [['rpm', 'dnf', 'yum', 'apt', 'apt-get', 'zypper', 'apk', 'pip', 'pip3', 'npm', 'brew', 'snap'], packages],
  [['hostname', 'date', 'kubectx', 'kubens'], readUnlessArgs],
  [['tcpdump', 'tshark', 'perf'], capture],
  [['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish', 'busybox'], shell],
  [['eval'], evalRunner],
  [['watch'], watch],
  [['ssh', 'autossh', 'mosh'], ssh],
  [['su'], su],
  [['xargs'], xargs],
  [['parallel'], parallel],
  [['find'], find],
  [['ansible', 'ansible-playbook'], ansible],
  [['sudo', 'doas', 'runuser', 'env', 'nice', 'ionice', 'chrt', 'timeout', 'time', 'stdbuf', 'strace', 'ltrace', 'nsenter', 'flock', 'taskset', 'nohup', 'setsid', 'command', 'exec', 'builtin', 'unbuffer', 'caffeinate', 'pkexec', 'xvfb-run', 'chroot', 'bundle', 'poetry', 'pipenv', 'uv', 'npx'], wrapper],
];

/** Program name → classifier. Later entries win, so the specific tables override the lists. */
export const PROGRAMS: ReadonlyMap<string, Classifier> = new Map(entries.flatMap(([names, classifier]) => names.map((name) => [name, classifier] as const)));

/** Is this program one the tables know (for telling commands from prose)? */
export const knownProgram = (program: string): boolean => PROGRAMS.has(program) || isWrapper(program);

