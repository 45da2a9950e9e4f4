"""
An independent numpy re-statement of pycocotools' COCOeval (bbox) used only as a test oracle when
pycocotools itself is not installed. Reads {"gt": ..., "dt": [...]} as JSON on stdin and prints
{"stats": [...12], "precision": [...], "recall": [...]} (C order) as JSON.
"""
import json
import sys
from collections import defaultdict

import numpy as np


def linspace_params():
    iou = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
    rec = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
    return iou, rec


AREAS = [[0 ** 2, 1e5 ** 2], [0 ** 2, 32 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e5 ** 2]]
LABELS = ['all', 'small', 'medium', 'large']
MAXDETS = [1, 10, 100]


def bb_iou(d, g, crowd):
    out = np.zeros((len(d), len(g)))
    for j, G in enumerate(g):
        ga = G[2] * G[3]
        for i, D in enumerate(d):
            da = D[2] * D[3]
            w = min(D[2] + D[0], G[2] + G[0]) - max(D[0], G[0])
            if w <= 0:
                continue
            h = min(D[3] + D[1], G[3] + G[1]) - max(D[1], G[1])
            if h <= 0:
                continue
            inter = w * h
            out[i, j] = inter / (da if crowd[j] else da + ga - inter)
    return out


def prepare(gt, dts):
    img_ids = sorted(np.unique([im['id'] for im in gt['images']]).tolist())
    cat_ids = sorted(np.unique([c['id'] for c in gt['categories']]).tolist())
    by_id = {}
    for a in gt['annotations']:
        by_id[a['id']] = a
    per_img = defaultdict(list)
    for a in gt['annotations']:
        per_img[a['image_id']].append(a)
    gts = []
    for i in img_ids:
        for a in per_img.get(i, []):
            if a['category_id'] in cat_ids:
                gts.append(by_id[a['id']])
    for g in gts:
        g['ignore'] = 'iscrowd' in g and g['iscrowd']
        g.setdefault('iscrowd', 0)
    known = set(im['id'] for im in gt['images'])
    assert all(d['image_id'] in known for d in dts)
    for n, d in enumerate(dts):
        d['area'] = d['bbox'][2] * d['bbox'][3]
        d['id'] = n + 1
        d['iscrowd'] = 0
    dt_per_img = defaultdict(list)
    for d in dts:
        dt_per_img[d['image_id']].append(d)
    G = defaultdict(list)
    D = defaultdict(list)
    for g in gts:
        G[g['image_id'], g['category_id']].append(g)
    for i in img_ids:
        for d in dt_per_img.get(i, []):
            if d['category_id'] in cat_ids:
                D[d['image_id'], d['category_id']].append(d)
    return img_ids, cat_ids, G, D


def iou_for(G, D, key):
    gt, dt = G[key], D[key]
    if len(gt) == 0 and len(dt) == 0:
        return []
    inds = np.argsort([-d['score'] for d in dt], kind='mergesort')
    dt = [dt[i] for i in inds][:MAXDETS[-1]]
    if len(dt) == 0 or len(gt) == 0:
        return []
    return bb_iou([d['bbox'] for d in dt], [g['bbox'] for g in gt], [int(g['iscrowd']) for g in gt])


def eval_img(G, D, ious, key, rng, iou_thrs):
    gt, dt = G[key], D[key]
    if len(gt) == 0 and len(dt) == 0:
        return None
    ign = [1 if (g['ignore'] or g.get('area', g['bbox'][2] * g['bbox'][3]) < rng[0]
                 or g.get('area', g['bbox'][2] * g['bbox'][3]) > rng[1]) else 0 for g in gt]
    gtind = np.argsort(ign, kind='mergesort')
    gt = [gt[i] for i in gtind]
    ign = np.array([ign[i] for i in gtind])
    dtind = np.argsort([-d['score'] for d in dt], kind='mergesort')
    dt = [dt[i] for i in dtind[0:MAXDETS[-1]]]
    crowd = [int(g['iscrowd']) for g in gt]
    iou = ious[key][:, gtind] if len(ious[key]) > 0 else ious[key]
    T, Gn, Dn = len(iou_thrs), len(gt), len(dt)
    gtm = np.zeros((T, Gn))
    dtm = np.zeros((T, Dn))
    dtIg = np.zeros((T, Dn))
    if len(iou) != 0:
        for ti, t in enumerate(iou_thrs):
            for di, d in enumerate(dt):
                best = min([t, 1 - 1e-10])
                m = -1
                for gi in range(Gn):
                    if gtm[ti, gi] > 0 and not crowd[gi]:
                        continue
                    if m > -1 and ign[m] == 0 and ign[gi] == 1:
                        break
                    if iou[di, gi] < best:
                        continue
                    best = iou[di, gi]
                    m = gi
                if m == -1:
                    continue
                dtIg[ti, di] = ign[m]
                dtm[ti, di] = gt[m]['id']
                gtm[ti, m] = d['id']
    a = np.array([d['area'] < rng[0] or d['area'] > rng[1] for d in dt]).reshape((1, Dn))
    dtIg = np.logical_or(dtIg, np.logical_and(dtm == 0, np.repeat(a, T, 0)))
    return {'dtm': dtm, 'dtIg': dtIg, 'scores': [d['score'] for d in dt], 'gtIg': ign}


def run(gt, dts):
    iou_thrs, rec_thrs = linspace_params()
    img_ids, cat_ids, G, D = prepare(gt, dts)
    ious = {(i, c): iou_for(G, D, (i, c)) for i in img_ids for c in cat_ids}
    T, R, K, A, M = len(iou_thrs), len(rec_thrs), len(cat_ids), len(AREAS), len(MAXDETS)
    precision = -np.ones((T, R, K, A, M))
    recall = -np.ones((T, K, A, M))
    for k, c in enumerate(cat_ids):
        for a, rng in enumerate(AREAS):
            E = [eval_img(G, D, ious, (i, c), rng, iou_thrs) for i in img_ids]
            E = [e for e in E if e is not None]
            if not E:
                continue
            for m, md in enumerate(MAXDETS):
                sc = np.concatenate([e['scores'][0:md] for e in E])
                inds = np.argsort(-sc, kind='mergesort')
                dtm = np.concatenate([e['dtm'][:, 0:md] for e in E], axis=1)[:, inds]
                dtIg = np.concatenate([e['dtIg'][:, 0:md] for e in E], axis=1)[:, inds]
                gtIg = np.concatenate([e['gtIg'] for e in E])
                npig = np.count_nonzero(gtIg == 0)
                if npig == 0:
                    continue
                tps = np.logical_and(dtm, np.logical_not(dtIg))
                fps = np.logical_and(np.logical_not(dtm), np.logical_not(dtIg))
                tp_sum = np.cumsum(tps, axis=1).astype(float)
                fp_sum = np.cumsum(fps, axis=1).astype(float)
                for t, (tp, fp) in enumerate(zip(tp_sum, fp_sum)):
                    nd = len(tp)
                    rc = tp / npig
                    pr = (tp / (fp + tp + np.spacing(1))).tolist()
                    q = [0.0] * R
                    recall[t, k, a, m] = rc[-1] if nd else 0
                    for i in range(nd - 1, 0, -1):
                        if pr[i] > pr[i - 1]:
                            pr[i - 1] = pr[i]
                    for ri, pi in enumerate(np.searchsorted(rc, rec_thrs, side='left')):
                        if pi >= nd:
                            break
                        q[ri] = pr[pi]
                    precision[t, :, k, a, m] = np.array(q)

    def summ(ap, thr=None, area='all', md=100):
        ai = [LABELS.index(area)]
        mi = [MAXDETS.index(md)]
        s = precision if ap else recall
        if thr is not None:
            s = s[np.where(thr == iou_thrs)[0]]
        s = s[:, :, :, ai, mi] if ap else s[:, :, ai, mi]
        return -1 if len(s[s > -1]) == 0 else float(np.mean(s[s > -1]))

    stats = [summ(1), summ(1, .5), summ(1, .75), summ(1, area='small'), summ(1, area='medium'),
             summ(1, area='large'), summ(0, md=1), summ(0, md=10), summ(0), summ(0, area='small'),
             summ(0, area='medium'), summ(0, area='large')]
    return {'stats': stats, 'precision': precision.ravel().tolist(), 'recall': recall.ravel().tolist()}


if __name__ == '__main__':
    case = json.load(sys.stdin)
    print(json.dumps([run(c['gt'], c['dt']) for c in case]))
