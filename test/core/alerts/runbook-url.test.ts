// runbook_url → local file: GitHub blob and raw URLs of any branch match one repository prefix,
// Hugo pages map to the Markdown file behind them by path suffix, case-insensitively; an
// unmapped URL is refused with the config key to set.
import { describe, expect, it } from 'vitest';
import { fetchableUrl, mapRunbookUrl, pickMappedFile, underPrefix } from '../../../src/core/alerts/runbook-url.ts';
import { chooseRunbook, describeChoice, filesNamedAfter } from '../../../src/core/alerts/runbook-choice.ts';

const urlMap = {
  'https://github.com/openshift/runbooks': '/rb/openshift',
  'https://runbooks.prometheus-operator.dev/runbooks/': '/rb/prom',
};

describe('mapRunbookUrl', () => {
  it.each([
    ['https://github.com/openshift/runbooks/blob/master/alerts/cluster-kube-apiserver-operator/KubeAPIDown.md', ['alerts', 'cluster-kube-apiserver-operator', 'KubeAPIDown.md']],
    ['https://github.com/openshift/runbooks/blob/refs/heads/main/alerts/x/KubeAPIDown.md#diagnosis', ['alerts', 'x', 'KubeAPIDown.md']],
    ['https://raw.githubusercontent.com/openshift/runbooks/master/alerts/x/VirtAPIDown.md', ['alerts', 'x', 'VirtAPIDown.md']],
    ['https://GitHub.com/OpenShift/Runbooks/raw/release-4.14/alerts/x/VirtAPIDown.md?plain=1', ['alerts', 'x', 'VirtAPIDown.md']],
  ])('maps the GitHub URL %s under the repository prefix', (url, segments) => {
    expect(mapRunbookUrl(url, urlMap)).toEqual({ kind: 'mapped', prefix: 'https://github.com/openshift/runbooks', folder: '/rb/openshift', segments });
  });

  it('lets a blob prefix of one branch, or a raw prefix, match too, and the longest prefix win', () => {
    const map = { 'https://github.com/o/r/blob/main/': '/main', 'https://raw.githubusercontent.com/o/r/v2/': '/v2', 'https://github.com/o/r': '/any' };
    expect(mapRunbookUrl('https://raw.githubusercontent.com/o/r/main/a/B.md', map)).toMatchObject({ folder: '/main', segments: ['a', 'B.md'] });
    expect(mapRunbookUrl('https://github.com/o/r/blob/v2/a/B.md', map)).toMatchObject({ folder: '/v2', segments: ['a', 'B.md'] });
    expect(mapRunbookUrl('https://github.com/o/r/blob/v3/a/B.md', map)).toMatchObject({ folder: '/any', segments: ['a', 'B.md'] });
  });

  it('maps a Hugo page on a segment boundary only', () => {
    expect(mapRunbookUrl('https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping/', urlMap)).toEqual({
      kind: 'mapped',
      prefix: 'https://runbooks.prometheus-operator.dev/runbooks/',
      folder: '/rb/prom',
      segments: ['kubernetes', 'kubepodcrashlooping'],
    });
    expect(mapRunbookUrl('https://runbooks.prometheus-operator.dev/runbooks-old/x/', urlMap).kind).toBe('unmapped');
  });

  it('refuses an unmapped URL naming runbooks.urlMap and a prefix to set', () => {
    const result = mapRunbookUrl('https://github.com/acme/ops/blob/main/alerts/DiskFull.md', urlMap);
    expect(result).toEqual({
      kind: 'unmapped',
      message:
        "runbook_url https://github.com/acme/ops/blob/main/alerts/DiskFull.md is under no runbooks.urlMap prefix; map it to a folder: warroom config set runbooks.urlMap 'https://github.com/acme/ops=<folder>'",
    });
    expect(mapRunbookUrl('https://wiki.example/ops/runbooks/disk-full', {})).toMatchObject({ message: expect.stringContaining("'https://wiki.example/ops/runbooks/=<folder>'") });
    expect(mapRunbookUrl('see the wiki', urlMap)).toEqual({ kind: 'invalid', message: 'runbook_url see the wiki is not an http(s) URL' });
  });
});

describe('pickMappedFile', () => {
  const repo = [
    'content/runbooks/kubernetes/_index.md',
    'content/runbooks/kubernetes/KubePodCrashLooping.md',
    'content/runbooks/general/TargetDown.md',
    'content/runbooks/kubernetes/TargetDown.md',
    'README.md',
  ];

  it('resolves a Hugo path to content/runbooks/<group>/<AlertName>.md, case-insensitively', () => {
    expect(pickMappedFile(['kubernetes', 'kubepodcrashlooping'], repo)).toEqual({ kind: 'found', file: 'content/runbooks/kubernetes/KubePodCrashLooping.md' });
    expect(pickMappedFile(['runbooks', 'general', 'targetdown'], repo)).toEqual({ kind: 'found', file: 'content/runbooks/general/TargetDown.md' });
  });

  it('finds the file in a flat folder by name, and says when two match as well', () => {
    expect(pickMappedFile(['alerts', 'x', 'KubeAPIDown.md'], ['KubeAPIDown.md', 'VirtAPIDown.md'])).toEqual({ kind: 'found', file: 'KubeAPIDown.md' });
    expect(pickMappedFile(['targetdown'], repo)).toEqual({ kind: 'ambiguous', files: ['content/runbooks/general/TargetDown.md', 'content/runbooks/kubernetes/TargetDown.md'] });
    expect(pickMappedFile(['kubernetes', 'nosuchalert'], repo)).toEqual({ kind: 'missing' });
    expect(pickMappedFile([], repo)).toEqual({ kind: 'missing' });
  });
});

describe('fetching', () => {
  it('fetches the raw file of a GitHub blob, and only under a prefix on a segment boundary', () => {
    expect(fetchableUrl('https://github.com/o/r/blob/main/a/B.md#x')).toBe('https://raw.githubusercontent.com/o/r/main/a/B.md');
    expect(fetchableUrl('https://wiki.example/x.md#y')).toBe('https://wiki.example/x.md');
    expect(underPrefix('https://raw.githubusercontent.com/o/r/main/a/B.md', ['https://raw.githubusercontent.com/o/r/'])).toBe(true);
    expect(underPrefix('https://raw.githubusercontent.com/o/r-evil/main/B.md', ['https://raw.githubusercontent.com/o/r'])).toBe(false);
    expect(underPrefix('https://raw.githubusercontent.com/o/r/../x/B.md', ['https://raw.githubusercontent.com/o/r/'])).toBe(false);
    expect(underPrefix('http://raw.githubusercontent.com/o/r/B.md', ['https://raw.githubusercontent.com/o/r/'])).toBe(false);
  });
});

describe('chooseRunbook', () => {
  const mappedFiles = new Map([['/rb/openshift', ['KubeAPIDown.md']], ['/rb/prom', ['KubePodCrashLooping.md']]]);
  const base = { urlMap, fetchPrefixes: [] as string[], mappedFiles, candidates: ['/home/ana/runbooks/DiskFull.md', '/home/ana/runbooks/api-high-latency.md'] };

  it('takes the mapped runbook_url first', () => {
    const choice = chooseRunbook({ ...base, alertName: 'KubeAPIDown', runbookUrl: 'https://github.com/openshift/runbooks/blob/master/alerts/a/KubeAPIDown.md' });
    expect(choice).toEqual({ kind: 'file', file: '/rb/openshift/KubeAPIDown.md', via: 'runbook_url', notes: [] });
    expect(describeChoice(choice)).toBe('/rb/openshift/KubeAPIDown.md (from runbook_url)');
  });

  it('falls back to a file named after the alert, keeping why the URL did not map', () => {
    const choice = chooseRunbook({ ...base, alertName: 'diskfull', runbookUrl: 'https://wiki.example/DiskFull' });
    expect(choice).toMatchObject({ kind: 'file', file: '/home/ana/runbooks/DiskFull.md', via: 'alertname', notes: [expect.stringContaining('runbooks.urlMap')] });
    expect(filesNamedAfter('api-high-latency', base.candidates)).toEqual(['/home/ana/runbooks/api-high-latency.md']);
  });

  it('fetches when the URL is allowed and Markdown; says why not otherwise', () => {
    const fetchPrefixes = ['https://raw.githubusercontent.com/acme/'];
    const blob = 'https://github.com/acme/ops/blob/main/DiskFull.md';
    expect(chooseRunbook({ ...base, candidates: [], fetchPrefixes, alertName: 'X', runbookUrl: blob })).toMatchObject({ kind: 'fetch', url: 'https://raw.githubusercontent.com/acme/ops/main/DiskFull.md' });
    const page = chooseRunbook({ ...base, candidates: [], fetchPrefixes, alertName: 'X', runbookUrl: 'https://raw.githubusercontent.com/acme/ops/main/' });
    expect(page).toMatchObject({ kind: 'none', notes: [expect.any(String), expect.stringContaining('not a Markdown file'), expect.any(String)] });
    const other = chooseRunbook({ ...base, candidates: [], fetchPrefixes, alertName: 'X', runbookUrl: 'https://evil.example/DiskFull.md' });
    expect(other.notes).toContain('https://evil.example/DiskFull.md is under no runbooks.fetchPrefixes prefix: not fetched');
  });

  it('says when a mapped folder lacks the file, and leaves the choice to the operator', () => {
    const choice = chooseRunbook({ ...base, alertName: 'KubeNodeNotReady', runbookUrl: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubenodenotready/' });
    expect(choice).toEqual({
      kind: 'none',
      notes: [
        'runbook_url https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubenodenotready/ maps to /rb/prom (runbooks.urlMap https://runbooks.prometheus-operator.dev/runbooks/), but no file there matches kubernetes/kubenodenotready',
        'no runbook file named KubeNodeNotReady.md in runbooks.folders',
      ],
    });
  });
});
