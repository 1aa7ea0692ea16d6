// Who can read a secret (issue 14), in real Chromium: encryption at rest turns the etcd view from
// readable protobuf into `k8s:enc:aescbc:v1:key1:…`, and a user allowed only to create pods reads
// a secret through a mounted volume.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await expect(page.locator('#editor')).toBeVisible();
});

async function type(page, line) {
  await page.locator('#tab-console').click();
  const input = page.locator('#console-input');
  await input.fill(line);
  await input.press('Enter');
}

// An EncryptionConfiguration in JSON (which is YAML), on one console line.
const ENC = JSON.stringify({
  apiVersion: 'apiserver.config.k8s.io/v1',
  kind: 'EncryptionConfiguration',
  resources: [{ resources: ['secrets'], providers: [
    { aescbc: { keys: [{ name: 'key1', secret: 'c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/IDMyIGI=' }] } },
    { identity: {} },
  ] }],
});

test('encryption at rest: the etcd view turns from readable to k8s:enc:aescbc:v1:key1:', async ({ page }) => {
  await type(page, 'kubectl create secret generic secret1 -n default --from-literal=mykey=mydata');
  await expect(page.locator('#transcript')).toContainText('secret/secret1 created');
  await page.locator('#tab-etcd').click();
  await page.locator('#etcd-filter').fill('/registry/secrets/default/secret1');
  const view = page.locator('#etcd-view');
  await expect(view).toContainText('bXlkYXRh');
  await expect(view).not.toContainText('k8s:enc:aescbc');
  await expect(view).toContainText('etcd holds Secret data unencrypted');
  await page.screenshot({ path: path.join(SHOTS, 'etcd-plain.png') });

  await type(page, `echo '${ENC}' > enc.yaml`);
  await type(page, 'kubeplay apiserver --encryption-provider-config=enc.yaml');
  await expect(page.locator('#transcript')).toContainText('kube-apiserver restarted with --encryption-provider-config=enc.yaml');
  await type(page, 'kubectl get secrets -A -o json | kubectl replace -f -');
  await expect(page.locator('#transcript')).toContainText('secret/secret1 replaced');

  await page.locator('#tab-etcd').click();
  await expect(view).toContainText('k8s:enc:aescbc:v1:key1:');
  await expect(view).not.toContainText('bXlkYXRh');
  await expect(page.locator('#etcd-encrypted')).toContainText('The API server encrypts Secrets before writing them');
  await expect(view).not.toContainText('etcd holds Secret data unencrypted');
  await view.locator('details.etcd-hexdump summary').first().click();
  await expect(view.locator('details.etcd-hexdump')).toContainText('|1.k8s:enc:aescbc|');
  await page.screenshot({ path: path.join(SHOTS, 'etcd-encrypted.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'etcd-encrypted-phone-dark.png') });

  // The API still serves the value, and a removed key makes reads fail.
  await type(page, "kubectl get secret secret1 -o jsonpath='{.data.mykey}' | base64 -d");
  await expect(page.locator('#transcript')).toContainText('mydata');
  await type(page, `echo '${ENC.replace('key1', 'key2')}' > enc2.yaml`);
  await type(page, 'kubeplay apiserver --encryption-provider-config=enc2.yaml');
  await type(page, 'kubectl get secret secret1');
  await expect(page.locator('#transcript')).toContainText(
    'Error from server (InternalError): Internal error occurred: no matching key was found for the provided AES transformer');
});

test('RBAC: a user who may only create pods reads a secret through a mounted volume', async ({ page }) => {
  const pod = JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sneaky' },
    spec: {
      containers: [{ name: 'c', image: 'redis', volumeMounts: [{ name: 's', mountPath: '/etc/stolen' }] }],
      volumes: [{ name: 's', secret: { secretName: 'db-pass' } }],
    },
  });
  await type(page, 'kubectl create secret generic db-pass --from-literal=password=s3cr3t');
  await type(page, 'kubectl create role pod-creator --verb=create,get --resource=pods,pods/exec');
  await type(page, 'kubectl create rolebinding jane-pods --role=pod-creator --user=jane');
  await expect(page.locator('#transcript')).toContainText('rolebinding.rbac.authorization.k8s.io/jane-pods created');
  await type(page, 'kubectl get secret db-pass --as=jane');
  await expect(page.locator('#transcript')).toContainText(
    'Error from server (Forbidden): secrets "db-pass" is forbidden: User "jane" cannot get resource "secrets" in API group "" in the namespace "default"');
  await type(page, 'kubectl auth can-i create pods --as=jane');
  await type(page, `echo '${pod}' > pod.json`);
  await type(page, 'kubectl create -f pod.json --as=jane');
  await expect(page.locator('#transcript')).toContainText('pod/sneaky created');
  await type(page, 'kubectl wait --for=condition=Ready pod/sneaky');
  await expect(page.locator('#transcript')).toContainText('pod/sneaky condition met');
  await type(page, 'kubectl exec sneaky --as=jane -- cat /etc/stolen/password');
  await expect(page.locator('#transcript')).toContainText('s3cr3t');
  await page.screenshot({ path: path.join(SHOTS, 'rbac-escalation.png') });
  // The container view shows the same file.
  await page.locator('#tab-container').click();
  await expect(page.locator('div.file[data-path="/etc/stolen/password"] pre.content')).toHaveText('s3cr3t');
});
