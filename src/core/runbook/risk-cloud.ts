// Risk tables for cloud CLIs and infrastructure as code: aws, gcloud/gsutil, az, terraform.
// Their sub-commands follow naming rules (`describe-*`, `delete-*`, `list`), so the tables are
// mostly prefixes, with the exceptions written out (`aws s3 rm`, `terraform state rm`).
import {
  type Classifier, change, destructive, flagValue, hasFlag, lastTarget, lower, positionals, read, startsWithAny, via,
} from './risk-words.ts';

const AWS_VALUE_FLAGS = new Set(['--region', '--profile', '--output', '--endpoint-url', '--query', '--color', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout']);
const AWS_READ_PREFIXES = ['describe-', 'list-', 'get-', 'lookup-', 'search-', 'batch-get-', 'head-', 'filter-', 'test-', 'validate-', 'estimate-', 'preview-', 'simulate-', 'select-', 'query', 'scan', 'wait', 'tail', 'help', 'check-', 'detect-'];
const AWS_DESTRUCTIVE_PREFIXES = ['delete-', 'terminate-', 'purge-', 'destroy-', 'deregister-', 'batch-delete-', 'remove-', 'disable-key', 'schedule-key-deletion', 'force-delete'];
/** `remove-*` operations that only take something off something else. */
const AWS_REMOVE_CHANGES = ['remove-tags', 'remove-tags-from-resource', 'remove-permission', 'remove-role-from-instance-profile', 'remove-targets', 'remove-attributes'];

export const aws: Classifier = (args) => {
  const words = positionals(args, AWS_VALUE_FLAGS);
  const [service = '', operation = ''] = lower(words);
  const reason = `aws ${service} ${operation}`.trim();
  if (!service || service === 'help' || service === '--version') return read('aws');
  if (service === 's3') {
    if (operation === 'rm' || operation === 'rb') return destructive(reason, lastTarget(words.slice(2)));
    if (operation === 'sync' && hasFlag(args, '--delete')) return destructive('aws s3 sync --delete', lastTarget(words.slice(2)));
    return operation === 'ls' || operation === 'presign' ? read(reason) : change(reason);
  }
  if (service === 'sts' || service === 'pricing') return read(reason);
  if (service === 'configure') return operation === 'list' || operation === 'get' ? read(reason) : change(reason);
  if (startsWithAny(operation, AWS_REMOVE_CHANGES)) return change(reason);
  if (startsWithAny(operation, AWS_DESTRUCTIVE_PREFIXES)) return destructive(reason, lastTarget(words.slice(2)) ?? targetFromIdFlags(args));
  if (startsWithAny(operation, AWS_READ_PREFIXES)) return read(reason);
  return change(reason);
};

function targetFromIdFlags(args: Parameters<Classifier>[0]): string | null {
  const id = flagValue(args, '--instance-ids', '--stack-name', '--db-instance-identifier', '--bucket', '--function-name', '--cluster', '--name', '--key');
  return id?.raw ?? null;
}

const GCLOUD_VALUE_FLAGS = new Set(['--project', '--zone', '--region', '--format', '--filter', '--account', '--configuration', '--limit', '--sort-by', '--flatten', '--verbosity', '--impersonate-service-account']);
const GCLOUD_READ = new Set(['list', 'describe', 'read', 'tail', 'get-iam-policy', 'get-credentials-info', 'print-access-token', 'info', 'version', 'help', 'ls', 'cat', 'du', 'get-value', 'get-serial-port-output', 'operations', 'wait', 'get-server-config', 'logs', 'search', 'browse', 'lookup']);
/** Named like reads, but they write: kubeconfig, IAM policy. */
const GCLOUD_CHANGE = new Set(['get-credentials', 'set-iam-policy', 'add-iam-policy-binding', 'remove-iam-policy-binding']);
const GCLOUD_DESTRUCTIVE = new Set(['delete', 'rm', 'purge', 'destroy', 'delete-instances', 'abandon-instances', 'recreate-instances', 'delete-access-config', 'rb']);

/** gcloud (and `gcloud storage`): the first word that names a verb decides. */
export const gcloud: Classifier = (args, _program, ctx) => {
  const words = positionals(args, GCLOUD_VALUE_FLAGS);
  const verbs = lower(words);
  for (const [i, verb] of verbs.entries()) {
    const reason = `gcloud ${verbs.slice(0, i + 1).join(' ')}`;
    if (verb === 'ssh' && verbs[i - 1] === 'compute') {
      const command = flagValue(args, '--command');
      return command ? via(ctx.script(command.value), reason) : change(`${reason} (opens a shell)`);
    }
    if (GCLOUD_DESTRUCTIVE.has(verb) || verb.startsWith('delete-') || verb.startsWith('remove-')) {
      if (verb.startsWith('remove-') && !verb.includes('instance')) return change(reason);
      return destructive(reason, lastTarget(words.slice(i + 1)));
    }
    if (GCLOUD_CHANGE.has(verb)) return change(reason);
    if (verb === 'rsync') return hasFlag(args, '--delete-unmatched-destination-objects') ? destructive(`${reason} --delete-unmatched-destination-objects`) : change(reason);
    if (GCLOUD_READ.has(verb) || verb.startsWith('get-') || verb.startsWith('list-') || verb.startsWith('describe-')) return read(reason);
    if (i >= 3) break;
  }
  return change(`gcloud ${verbs.slice(0, 3).join(' ')}`.trim());
};

const GSUTIL_READ = new Set(['ls', 'cat', 'du', 'stat', 'hash', 'version', 'help', 'signurl', 'perfdiag']);
const GSUTIL_VALUE_FLAGS = new Set(['-o', '-h', '-u', '-p']);

export const gsutil: Classifier = (args) => {
  const words = positionals(args, GSUTIL_VALUE_FLAGS);
  const [verb = '', sub = ''] = lower(words);
  const reason = `gsutil ${verb}`.trim();
  if (!verb) return read('gsutil');
  if (verb === 'rm' || verb === 'rb') return destructive(reason, lastTarget(words.slice(1)));
  if (verb === 'rsync') return hasFlag(args.slice(args.findIndex((w) => w.value === 'rsync')), '-d') ? destructive('gsutil rsync -d', lastTarget(words.slice(1))) : change(reason);
  if (GSUTIL_READ.has(verb)) return read(reason);
  // `gsutil acl get`, `gsutil versioning get`: reading a setting.
  if (sub === 'get') return read(`${reason} get`);
  return change(reason);
};

const AZ_VALUE_FLAGS = new Set(['-g', '--resource-group', '-n', '--name', '--subscription', '-o', '--output', '--query', '-l', '--location']);
const AZ_READ = new Set(['list', 'show', 'get', 'list-keys', 'exists', 'version', 'account', 'wait', 'tail', 'query', 'browse', 'get-credentials']);
const AZ_DESTRUCTIVE = new Set(['delete', 'purge', 'remove', 'deallocate', 'delete-slot']);

export const az: Classifier = (args) => {
  const words = positionals(args, AZ_VALUE_FLAGS);
  const verbs = lower(words);
  for (const [i, verb] of verbs.entries()) {
    const reason = `az ${verbs.slice(0, i + 1).join(' ')}`;
    if (AZ_DESTRUCTIVE.has(verb)) return destructive(reason, flagValue(args, '-n', '--name')?.raw ?? lastTarget(words.slice(i + 1)));
    if (verb === 'get-credentials') return change(reason);
    if (AZ_READ.has(verb) || verb.startsWith('show-') || verb.startsWith('list-')) return read(reason);
    if (i >= 3) break;
  }
  return change(`az ${verbs.slice(0, 3).join(' ')}`.trim());
};

const TF_READ = new Set(['plan', 'show', 'output', 'validate', 'version', 'providers', 'graph', 'console', 'help', 'metadata', 'test']);
const TF_STATE_READ = new Set(['list', 'show', 'pull']);
const TF_VALUE_FLAGS = new Set(['-chdir', '-var', '-var-file', '-target', '-out', '-state', '-lock-timeout', '-parallelism']);

/** terraform, tofu, terragrunt (`terragrunt run-all destroy`). */
export const terraform: Classifier = (args, program) => {
  let words = positionals(args, TF_VALUE_FLAGS);
  let verbs = lower(words);
  let prefix = program;
  if (program === 'terragrunt' && (verbs[0] === 'run-all' || verbs[0] === 'run')) {
    prefix = `${program} ${verbs[0]}`;
    words = words.slice(1);
    verbs = verbs.slice(1);
  }
  const [verb = '', sub = ''] = verbs;
  const reason = `${prefix} ${verb}`.trim();
  if (!verb) return read(program);
  if (verb === 'destroy') return destructive(reason, lastTarget(words.slice(1)));
  if (verb === 'apply') return hasFlag(args, '-destroy', '--destroy') ? destructive(`${reason} -destroy`) : change(reason);
  if (verb === 'plan') return read(reason);
  if (verb === 'state') {
    if (sub === 'rm' || sub === 'push') return destructive(`${reason} ${sub}`, lastTarget(words.slice(2)));
    return TF_STATE_READ.has(sub) ? read(`${reason} ${sub}`) : change(`${reason} ${sub}`.trim());
  }
  if (verb === 'workspace') {
    if (sub === 'delete') return destructive(`${reason} delete`, lastTarget(words.slice(2)));
    return sub === 'list' || sub === 'show' ? read(`${reason} ${sub}`) : change(`${reason} ${sub}`.trim());
  }
  if (verb === 'fmt') return hasFlag(args, '-check') ? read(`${reason} -check`) : change(reason);
  if (TF_READ.has(verb)) return read(reason);
  return change(reason);
};
