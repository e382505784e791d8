// Risk of real-shaped commands: the worst simple command anywhere in the script decides, each
// judged by program and sub-command, through wrappers and runners. Every example of the issue
// is here, and near-misses that must stay `read` (a verb inside a quoted string or a
// placeholder is data, not a command).
import { describe, expect, it } from 'vitest';
import { classifyRisk, destructiveTarget } from '../../../src/core/runbook/risk.ts';
import type { Risk } from '../../../src/core/runbook/types.ts';

type Row = [script: string, risk: Risk, reason: string];

const fromTheIssue: Row[] = [
  ['for i in $X; do gsutil rm -r gs://bucket/backups/$i/; done', 'destructive', 'gsutil rm'],
  ['if true; then kubectl delete ns prod; fi', 'destructive', 'kubectl delete'],
  ['for node in $(kubectl get nodes -l role=worker -o name); do kubectl drain --force --ignore-daemonsets $node; done', 'destructive', 'kubectl drain'],
  ['etcdctl member remove 8e9e05c52164694d', 'destructive', 'etcdctl member remove'],
  ['sudo -u git rm -rf /var/opt/gitlab/gitlab-rails/shared/artifacts/tmp', 'destructive', 'rm'],
  ['gsutil rm gs://gitlab-backups/2023-01-01.tar', 'destructive', 'gsutil rm'],
  ['aws s3 rm s3://my-bucket/logs/ --recursive', 'destructive', 'aws s3 rm'],
  ['etcdctl del /registry/pods/default/web-1', 'destructive', 'etcdctl del'],
  ['rados -p ocs-storagecluster-cephblockpool rm rbd_data.1234', 'destructive', 'rados rm'],
  ['terraform state rm module.db.aws_db_instance.main', 'destructive', 'terraform state rm'],
  ['find /var/log/app -name "*.gz" -mtime +7 -exec rm -f {} \\;', 'destructive', 'rm via find -exec'],
  ['kubectl exec -n gitlab gitlab-toolbox-0 -- rm -rf /srv/gitlab/tmp/cache', 'destructive', 'rm via kubectl exec'],
  ["oc get pods -n '<value of namespace label from alert>'", 'read', 'oc get'],
  ["kubectl -n '<value of namespace label from alert>' describe pod '<pod label from alert>'", 'read', 'kubectl describe'],
  ['pkill -HUP nginx', 'change', 'pkill'],
  ["sh -c 'curl -X POST https://hooks.example.com/deploy'", 'change', 'curl -X POST via sh -c'],
  ['test -n "$DB_PASSWORD" && psql -c "DROP TABLE sessions"', 'destructive', 'psql DROP TABLE'],
];

const kubernetes: Row[] = [
  ['kubectl get deployments', 'read', 'kubectl get'],
  ['kubectl -n api logs deploy/api --since=5m', 'read', 'kubectl logs'],
  ['kubectl describe pod api-7d9f8c6b5c-x2x', 'read', 'kubectl describe'],
  ['kubectl top pods -n checkout --sort-by=cpu', 'read', 'kubectl top'],
  ['kubectl rollout status deployment/api', 'read', 'kubectl rollout status'],
  ['kubectl rollout history deployment/checkout', 'read', 'kubectl rollout history'],
  ['kubectl auth can-i delete pods --as system:serviceaccount:ci:deployer', 'read', 'kubectl auth can-i'],
  ['kubectl config current-context', 'read', 'kubectl config current-context'],
  ['kubectl config use-context prod-eu', 'change', 'kubectl config use-context'],
  ['kubectl scale deployment/api-service --replicas=10', 'change', 'kubectl scale'],
  ['kubectl rollout undo deployment/api-service', 'change', 'kubectl rollout undo'],
  ['kubectl rollout restart deployment/pgbouncer -n pgbouncer', 'change', 'kubectl rollout restart'],
  ['kubectl -n ingress annotate certificate edge-tls cert-manager.io/issue-temporary-certificate="true" --overwrite', 'change', 'kubectl annotate'],
  ["kubectl patch pvc data-0 -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"20Gi\"}}}}'", 'change', 'kubectl patch'],
  ['kubectl cordon ip-10-0-1-2.ec2.internal', 'change', 'kubectl cordon'],
  ['kubectl -n monitoring delete --cascade=orphan sts/thanos-store-0', 'destructive', 'kubectl delete'],
  ['kubectl delete pod -l app=web --grace-period=0 --force', 'destructive', 'kubectl delete'],
  ['kubectl replace --force -f pod.yaml', 'destructive', 'kubectl replace --force'],
  ['oc adm drain node-1 --ignore-daemonsets --delete-emptydir-data', 'destructive', 'oc adm drain'],
  ['oc adm top nodes', 'read', 'oc adm top'],
  ['oc debug node/ip-10-0-1-2 -- chroot /host systemctl restart kubelet', 'change', 'systemctl restart via oc debug'],
  ['oc debug node/master-0 -- chroot /host rm -rf /var/lib/etcd/member', 'destructive', 'rm via oc debug'],
  ['oc debug node/worker-1 -- chroot /host journalctl -u crio --since "1h ago"', 'change', 'journalctl via oc debug'],
  ['oc rsh -n openshift-storage deploy/rook-ceph-tools ceph osd pool delete mypool mypool --yes-i-really-really-mean-it', 'destructive', 'ceph osd pool delete via oc rsh'],
  ['kubectl exec -it redis-0 -- redis-cli FLUSHALL', 'destructive', 'redis-cli FLUSHALL via kubectl exec'],
  ["kubectl exec deploy/api -- sh -c 'cat /etc/config/app.yaml'", 'read', 'cat via sh -c via kubectl exec'],
  ['kubectl get pods -o name | xargs kubectl delete', 'destructive', 'kubectl delete via xargs'],
  ['watch -n 5 kubectl get pods -n checkout', 'read', 'kubectl get via watch'],
  ["watch 'kubectl get pods | grep -v Running'", 'read', 'kubectl get via watch'],
  ['helm list -A', 'read', 'helm list'],
  ['helm history api -n prod', 'read', 'helm history'],
  ['helm rollback api 41 -n prod', 'change', 'helm rollback'],
  ['helm upgrade --install api ./chart -f values.yaml', 'change', 'helm upgrade'],
  ['helm uninstall api -n prod', 'destructive', 'helm uninstall'],
  ['docker ps -a', 'read', 'docker ps'],
  ['docker logs --tail 100 web', 'read', 'docker logs'],
  ['docker restart web', 'change', 'docker restart'],
  ['docker system prune -af --volumes', 'destructive', 'docker system prune'],
  ['podman rm -f old-worker', 'destructive', 'podman rm'],
  ['crictl ps -a', 'read', 'crictl ps'],
  ['crictl rmp -fa', 'destructive', 'crictl rmp'],
  ['argocd app sync checkout', 'change', 'argocd app sync'],
  ['argocd app delete checkout --cascade', 'destructive', 'argocd app delete'],
  ['velero backup delete nightly-2024-01-01', 'destructive', 'velero delete'],
];

const cloud: Row[] = [
  ['aws ec2 describe-instances --instance-ids i-0abc', 'read', 'aws ec2 describe-instances'],
  ['aws sts get-caller-identity', 'read', 'aws sts get-caller-identity'],
  ['aws ec2 terminate-instances --instance-ids i-0abc', 'destructive', 'aws ec2 terminate-instances'],
  ['aws rds delete-db-instance --db-instance-identifier orders --skip-final-snapshot', 'destructive', 'aws rds delete-db-instance'],
  ['aws s3 sync ./site s3://www-bucket --delete', 'destructive', 'aws s3 sync --delete'],
  ['aws s3 cp backup.tar s3://backups/', 'change', 'aws s3 cp'],
  ['aws s3 ls s3://backups/', 'read', 'aws s3 ls'],
  ['aws ec2 stop-instances --instance-ids i-0abc', 'change', 'aws ec2 stop-instances'],
  ['aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --max-size 20', 'change', 'aws autoscaling update-auto-scaling-group'],
  ['aws logs tail /aws/lambda/api --since 10m', 'read', 'aws logs tail'],
  ['gcloud compute instances list --project prod', 'read', 'gcloud compute instances list'],
  ['gcloud compute instances delete web-1 --zone us-east1-b', 'destructive', 'gcloud compute instances delete'],
  ['gcloud compute disks snapshot data-1 --zone us-east1-b', 'change', 'gcloud compute disks snapshot'],
  ['gcloud container clusters get-credentials prod --region us-east1', 'change', 'gcloud container clusters get-credentials'],
  ["gcloud compute ssh bastion-1 --command 'sudo rm -rf /tmp/cache'", 'destructive', 'rm via gcloud compute ssh'],
  ['gsutil ls -l gs://gitlab-backups/', 'read', 'gsutil ls'],
  ['gsutil -m cp -r ./dump gs://gitlab-backups/', 'change', 'gsutil cp'],
  ['gsutil rsync -d -r ./data gs://mirror/data', 'destructive', 'gsutil rsync -d'],
  ['az group delete --name staging-rg --yes', 'destructive', 'az group delete'],
  ['az vm list -g prod -o table', 'read', 'az vm list'],
  ['az aks get-credentials -g prod -n aks-prod', 'change', 'az aks get-credentials'],
  ['terraform plan -out plan.tfplan', 'read', 'terraform plan'],
  ['terraform apply plan.tfplan', 'change', 'terraform apply'],
  ['terraform apply -destroy -auto-approve', 'destructive', 'terraform apply -destroy'],
  ['terraform destroy -target=module.cache', 'destructive', 'terraform destroy'],
  ['terraform import aws_s3_bucket.logs logs-bucket', 'change', 'terraform import'],
  ['terraform state list', 'read', 'terraform state list'],
  ['terragrunt run-all destroy', 'destructive', 'terragrunt run-all destroy'],
];

const dataStores: Row[] = [
  ['psql -c "SELECT count(*) FROM pg_stat_activity"', 'read', 'psql SELECT'],
  ['psql "$PGBOUNCER_ADMIN_URL" -c \'SHOW POOLS;\'', 'read', 'psql SHOW'],
  ['psql -c "DROP TABLE users;"', 'destructive', 'psql DROP TABLE'],
  ['psql -c "DELETE FROM jobs WHERE state = \'failed\'"', 'destructive', 'psql DELETE FROM'],
  ['psql -c "UPDATE users SET admin = false"', 'destructive', 'psql UPDATE without WHERE'],
  ['psql -c "UPDATE users SET admin = false WHERE id = 7"', 'change', 'psql UPDATE'],
  ['psql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = \'idle in transaction\'"', 'change', 'psql pg_terminate_backend'],
  ['psql -c "SELECT \'drop table users\' AS reminder"', 'read', 'psql SELECT'],
  ['psql -c "VACUUM (VERBOSE) orders"', 'change', 'psql VACUUM'],
  ['sudo gitlab-psql -c "SELECT pg_drop_replication_slot(\'geo_secondary\')"', 'destructive', 'gitlab-psql pg_drop_replication_slot'],
  ['psql -d orders <<EOF\nBEGIN;\nTRUNCATE audit_log;\nCOMMIT;\nEOF', 'destructive', 'psql TRUNCATE'],
  ['mysql -e "SHOW PROCESSLIST"', 'read', 'mysql SHOW'],
  ['mysql -e "KILL 4242"', 'change', 'mysql KILL'],
  ['redis-cli info replication', 'read', 'redis-cli INFO'],
  ['redis-cli -h 10.0.0.5 -p 6379 --latency-history', 'read', 'redis-cli --latency-history'],
  ['redis-cli CONFIG SET maxmemory-policy allkeys-lru', 'change', 'redis-cli CONFIG SET'],
  ['redis-cli -n 2 FLUSHDB', 'destructive', 'redis-cli FLUSHDB'],
  ['redis-cli DEL session:1234', 'destructive', 'redis-cli DEL'],
  ['redis-cli KEYS "resque:*"', 'change', 'redis-cli KEYS (blocks the server)'],
  ['/opt/gitlab/embedded/bin/redis-cli -p 26379 SENTINEL failover gitlab-redis', 'change', 'redis-cli SENTINEL FAILOVER'],
  ['etcdctl endpoint status -w table', 'read', 'etcdctl endpoint status'],
  ['etcdctl member list', 'read', 'etcdctl member list'],
  ['etcdctl defrag', 'change', 'etcdctl defrag'],
  ['etcdctl snapshot save /tmp/snap.db', 'change', 'etcdctl snapshot save'],
  ['etcdctl snapshot restore /tmp/snap.db --data-dir /var/lib/etcd-new', 'destructive', 'etcdctl snapshot restore'],
  ['ETCDCTL_API=3 etcdctl get /registry --prefix --keys-only', 'read', 'etcdctl get'],
  ['ceph status', 'read', 'ceph status'],
  ['ceph osd tree', 'read', 'ceph osd tree'],
  ['ceph health detail', 'read', 'ceph health detail'],
  ['ceph osd pool set-quota rbd max_bytes 0', 'change', 'ceph osd pool set-quota'],
  ['ceph osd set noout', 'change', 'ceph osd set noout'],
  ['ceph osd purge 3 --yes-i-really-mean-it', 'destructive', 'ceph osd purge'],
  ['rados df', 'read', 'rados df'],
  ['rbd ls -p replicapool', 'read', 'rbd ls'],
  ['rbd rm replicapool/csi-vol-1234', 'destructive', 'rbd rm'],
  ["mongosh --eval 'db.sessions.deleteMany({})'", 'destructive', 'mongosh drop/delete'],
  ["mongosh --eval 'rs.status()'", 'read', 'mongosh query'],
];

const systemAndTools: Row[] = [
  ['sudo systemctl restart nginx', 'change', 'systemctl restart'],
  ['systemctl status kubelet', 'read', 'systemctl status'],
  ['sudo systemctl reboot', 'destructive', 'systemctl reboot'],
  ['journalctl -u kubelet --since "10 min ago"', 'read', 'journalctl'],
  ['sudo journalctl --vacuum-time=2d', 'destructive', 'journalctl --vacuum (deletes logs)'],
  ['sudo service gitlab-runner restart', 'change', 'service restart'],
  ['git status', 'read', 'git status'],
  ['git log --oneline -20', 'read', 'git log'],
  ['git push --force origin main', 'destructive', 'git push --force'],
  ['git push origin +HEAD:main', 'destructive', 'git push --force'],
  ['git reset --hard origin/main', 'destructive', 'git reset --hard'],
  ['git clean -fdx', 'destructive', 'git clean -f'],
  ['git pull --rebase', 'change', 'git pull'],
  ['curl -s https://api.example.com/health', 'read', 'curl'],
  ['curl -X DELETE https://api.example.com/items/1', 'destructive', 'curl -X DELETE'],
  ['curl -sS -d \'{"text":"deploy paused"}\' https://hooks.slack.com/services/T/B/X', 'change', 'curl with a body'],
  ['curl -o /tmp/dump.tar https://files.example.com/dump.tar', 'change', 'curl -o (writes a file)'],
  ['wget -qO- https://api.example.com/health', 'read', 'wget'],
  ['wget https://files.example.com/tool.tar.gz', 'change', 'wget (writes a file)'],
  ['sudo gitlab-ctl status', 'read', 'gitlab-ctl status'],
  ['sudo gitlab-ctl restart puma', 'change', 'gitlab-ctl restart'],
  ["knife ssh -C3 roles:gprd-base-stor-gitaly 'sudo chef-client'", 'change', 'chef-client via knife ssh'],
  ['bundle exec knife node show worker1.cluster.gitlab.com', 'read', 'knife node show'],
  ['ssh bastion.example.com uptime', 'read', 'uptime via ssh bastion.example.com'],
  ["ssh -J bastion db-1 'sudo rm -rf /var/lib/postgresql/old'", 'destructive', 'rm via ssh db-1'],
  ['ssh db-1', 'change', 'ssh db-1 (opens a shell)'],
  ['sudo -i', 'change', 'sudo -i (opens a root shell)'],
  ['sudo su - postgres', 'change', 'su (opens a root shell)'],
  ['env KUBECONFIG=/tmp/kc nice -n 10 timeout 30 kubectl delete pod web-1', 'destructive', 'kubectl delete'],
  ['nohup ./bin/reindex.sh > /tmp/reindex.log 2>&1 &', 'change', 'unrecognised command reindex.sh'],
  ['time kubectl get nodes', 'read', 'kubectl get'],
  ['command -v kubectl', 'read', 'command -v'],
  ["bash -c 'for f in /data/*.tmp; do rm \"$f\"; done'", 'destructive', 'rm via bash -c'],
  ["eval 'kubectl delete ns scratch'", 'destructive', 'kubectl delete via eval'],
  ['echo "$(kubectl delete ns x)"', 'destructive', 'kubectl delete'],
  ['kubectl get pods `rm -rf /tmp/x`', 'destructive', 'rm'],
  ['diff <(kubectl get cm a -o yaml) <(kubectl delete cm b)', 'destructive', 'kubectl delete'],
  ['f() { kubectl delete ns "$1"; }; f scratch', 'destructive', 'kubectl delete'],
  ['(cd /tmp && rm -rf build)', 'destructive', 'rm'],
  ['case "$ENV" in prod) kubectl drain node-1;; esac', 'destructive', 'kubectl drain'],
  ['while ! kubectl get pod web-1; do sleep 5; done', 'read', 'kubectl get'],
  ['kubectl get pods -o yaml > pods.yaml', 'change', 'writes a file (> pods.yaml)'],
  ['kubectl get pods 2>&1 | grep -v Running > /dev/null', 'read', 'kubectl get'],
  ['sudo tee /etc/sysctl.d/99-net.conf <<< "net.core.somaxconn=1024"', 'change', 'tee'],
  ['sed -i "s/debug/info/" /etc/app.conf', 'change', 'sed -i'],
  ["sed -n '1,20p' /var/log/syslog", 'read', 'sed'],
  ['sysctl -a | grep vm.nr_hugepages', 'read', 'sysctl'],
  ['sudo sysctl -w vm.max_map_count=262144', 'change', 'sysctl -w'],
  ['ip addr show eth0', 'read', 'ip addr'],
  ['sudo ip route del default via 10.0.0.1', 'change', 'ip route del'],
  ['crontab -r', 'destructive', 'crontab -r'],
  ['sudo dd if=/dev/zero of=/dev/sdb bs=1M count=10', 'destructive', 'dd'],
  ['frobnicate --all', 'change', 'unrecognised command frobnicate'],
  ['mytool purge --older-than 7d', 'destructive', 'mytool purge'],
  ['$KUBECTL get pods', 'change', 'unknown program $KUBECTL'],
  ['<your-cli> status', 'change', 'unknown program <your-cli>'],
  ['date -u -d "1 hour ago" +%Y-%m-%dT%H:%M:%SZ', 'read', 'date'],
  ['sudo date -s "2024-01-01 10:00"', 'change', 'date (sets)'],
];

const nearMisses: Row[] = [
  ['echo "never run rm -rf / here"', 'read', 'echo'],
  ["kubectl annotate pod web-1 note='delete me after the incident'", 'change', 'kubectl annotate'],
  ['grep -r "DROP TABLE" migrations/', 'read', 'grep'],
  ['kubectl get events --field-selector reason=Killing', 'read', 'kubectl get'],
  ["kubectl logs web-1 | grep -i 'delete'", 'read', 'kubectl logs'],
  ["jq '.items[] | select(.status.phase == \"Failed\") | .metadata.name' pods.json", 'read', 'jq'],
  ['cat /etc/redis/redis.conf | grep -i flushall', 'read', 'cat'],
  ['kubectl get pods -l app=<service> -n <namespace>', 'read', 'kubectl get'],
  ["oc get pods -o go-template='{{range .items}}{{.metadata.name}}{{end}}'", 'read', 'oc get'],
  ["awk '{ print $1 }' /var/log/nginx/access.log | sort | uniq -c | sort -nr | head", 'read', 'awk'],
  ["PVC_NAME='<persistentvolumeclaim label from alert>'", 'read', 'no command'],
  ['echo $((6039116565.0/(1024.0**3.0)))', 'read', 'echo'],
  ["# kubectl delete ns prod\nkubectl get ns", 'read', 'kubectl get'],
  ['helm get values api -n prod', 'read', 'helm get'],
  ['git branch -a', 'read', 'git branch'],
];

describe('risk is the worst simple command, judged by program and sub-command', () => {
  const all = [...fromTheIssue, ...kubernetes, ...cloud, ...dataStores, ...systemAndTools, ...nearMisses];

  it('has at least 100 real-shaped commands', () => {
    expect(all.length).toBeGreaterThanOrEqual(100);
  });

  describe.each([
    ['the issue', fromTheIssue],
    ['Kubernetes', kubernetes],
    ['cloud', cloud],
    ['data stores', dataStores],
    ['system and tools', systemAndTools],
    ['near-misses', nearMisses],
  ] as const)('%s', (_group, rows) => {
    it.each(rows)('%s → %s (%s)', (script, risk, reason) => {
      expect(classifyRisk(script)).toEqual({ risk, reason });
    });
  });
});

describe('the target of a destructive command (what the operator types to confirm)', () => {
  it.each([
    ['kubectl delete deployment/api-service', 'api-service'],
    ['kubectl delete pod web-1 -n prod', 'web-1'],
    ['kubectl -n monitoring delete --cascade=orphan sts/thanos-store-0', 'thanos-store-0'],
    ['psql -c "DROP TABLE IF EXISTS orders"', 'orders'],
    ['psql -c \'DELETE FROM "audit_log" WHERE id < 10\'', 'audit_log'],
    ['helm uninstall api -n prod', 'api'],
    ['gsutil rm gs://gitlab-backups/2023-01-01.tar', '2023-01-01.tar'],
    ['etcdctl member remove 8e9e05c52164694d', '8e9e05c52164694d'],
    ['oc delete pod <pod-name>', '<pod-name>'],
  ])('%s → %s', (script, target) => {
    expect(destructiveTarget(script)).toBe(target);
  });

  it('names nothing for computed words, and nothing for safe commands', () => {
    expect(destructiveTarget('for i in $X; do gsutil rm -r gs://b/$i/; done')).toBeNull();
    expect(destructiveTarget('find . -name x -exec rm {} +')).toBeNull();
    expect(destructiveTarget('kubectl get pods')).toBeNull();
  });
});

describe('hostile and broken input', () => {
  it('never throws and never reads as read when it cannot be parsed', () => {
    for (const script of ['if true; then', "echo 'unclosed", 'kubectl get pods )', '$(', '`', '\u0000rm -rf /']) {
      const verdict = classifyRisk(script);
      expect(['change', 'destructive']).toContain(verdict.risk);
    }
  });

  it('follows shell inside shell only so deep, and says so', () => {
    let script = 'rm -rf /data';
    for (let i = 0; i < 12; i++) script = `sh -c ${JSON.stringify(script).replace(/^"|"$/g, "'")}`.replace(/'(.*)'/, (_m, inner: string) => `'${inner.replace(/'/g, "'\\''")}'`);
    expect(classifyRisk(script).risk).not.toBe('read');
  });
});
