#!/usr/bin/env python3
"""PyTorch reference for `npm run bench:train`: the same detector (small backbone, FPN, shared
head), the same loss family (varifocal + GIoU on dense targets) and AdamW, on random pages, so the
ratio of images/s is a like-for-like comparison on the same cores. Prints one JSON line per size.

Usage: /usr/bin/python3 bench/train_torch.py --sizes 256,384,512 --batch 8 --steps 6 --threads 2
"""
import argparse, json, math, time
import torch
import torch.nn as nn
import torch.nn.functional as F

ARCH = {
    'small': dict(stem=24, widths=[32, 64, 128], units=[1, 1, 1], fpn=48, tower=1),
    'medium': dict(stem=32, widths=[48, 96, 192], units=[2, 2, 2], fpn=64, tower=2),
    'large': dict(stem=32, widths=[64, 128, 256], units=[3, 4, 3], fpn=96, tower=3),
}


def cbr(cin, cout, k, s):
    return nn.Sequential(nn.Conv2d(cin, cout, k, s, (k - 1) // 2 if k == 3 else 0, bias=False), nn.BatchNorm2d(cout, eps=1e-3), nn.ReLU(inplace=True))


class Residual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(c, eps=1e-3)

    def forward(self, x):
        return F.relu(x + self.bn(self.conv(x)))


class Detector(nn.Module):
    def __init__(self, size='small', num_classes=3):
        super().__init__()
        a = ARCH[size]
        self.stem = cbr(3, a['stem'], 4, 4)
        stages, cin = [], a['stem']
        for c, u in zip(a['widths'], a['units']):
            stages.append(nn.Sequential(cbr(cin, c, 3, 2), *[Residual(c) for _ in range(u)]))
            cin = c
        self.stages = nn.ModuleList(stages)
        self.lat = nn.ModuleList([nn.Conv2d(c, a['fpn'], 1) for c in a['widths']])
        self.tower = nn.ModuleList([nn.Conv2d(a['fpn'], a['fpn'], 3, 1, 1, bias=False) for _ in range(a['tower'])])
        self.tower_bn = nn.ModuleList([nn.ModuleList([nn.BatchNorm2d(a['fpn'], eps=1e-3) for _ in range(3)]) for _ in range(a['tower'])])
        self.pred = nn.Conv2d(a['fpn'], num_classes + 4, 3, 1, 1)

    def forward(self, x):
        h = self.stem(x)
        feats = []
        for st in self.stages:
            h = st(h)
            feats.append(h)
        lat = [l(f) for l, f in zip(self.lat, feats)]
        pyr = [None, None, lat[2]]
        for i in (1, 0):
            pyr[i] = lat[i] + F.interpolate(pyr[i + 1], scale_factor=2, mode='nearest')
        outs = []
        for l, p in enumerate(pyr):
            t = p
            for conv, bns in zip(self.tower, self.tower_bn):
                t = F.relu(bns[l](conv(t)))
            outs.append(self.pred(t).flatten(2))
        return torch.cat(outs, 2)  # [N, C+4, P]


def giou(a, b):
    iw = (torch.min(a[:, 2], b[:, 2]) - torch.max(a[:, 0], b[:, 0])).clamp(min=0)
    ih = (torch.min(a[:, 3], b[:, 3]) - torch.max(a[:, 1], b[:, 1])).clamp(min=0)
    inter = iw * ih
    union = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1]) + (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]) - inter + 1e-6
    iou = inter / union
    ew = torch.max(a[:, 2], b[:, 2]) - torch.min(a[:, 0], b[:, 0])
    eh = torch.max(a[:, 3], b[:, 3]) - torch.min(a[:, 1], b[:, 1])
    enc = ew * eh + 1e-6
    return iou, iou - (enc - union) / enc


def loss_fn(out, onehot, pos, gt, locx, locy, stride):
    c = out.shape[1] - 4
    logits, raw = out[:, :c], out[:, c:]
    cx = locx + raw[:, 0] * stride
    cy = locy + raw[:, 1] * stride
    hw = torch.exp(raw[:, 2].clamp(-7, 7)) * stride / 2
    hh = torch.exp(raw[:, 3].clamp(-7, 7)) * stride / 2
    pred = torch.stack([cx - hw, cy - hh, cx + hw, cy + hh], 1)
    iou, g = giou(pred.transpose(1, 2).reshape(-1, 4), gt.transpose(1, 2).reshape(-1, 4))
    iou = iou.view(pos.shape).detach().clamp(0, 1) * pos
    target = onehot * iou[:, None]
    is_pos = onehot * pos[:, None]
    p = torch.sigmoid(logits)
    w = is_pos * target + (1 - is_pos) * 0.75 * p * p
    npos = max(1.0, float(pos.sum()))
    cls = (F.binary_cross_entropy_with_logits(logits, target, reduction='none') * w).sum() / npos
    box = ((1 - g.view(pos.shape)) * pos).sum() / npos * 2
    return cls + box


def bench(size, batch, steps, backbone):
    torch.manual_seed(0)
    model = Detector(backbone)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    x = torch.rand(batch, 3, size, size) * 2 - 1
    levels = [math.ceil(size / s) for s in (8, 16, 32)]
    P = sum(n * n for n in levels)
    locx = torch.cat([((torch.arange(n) + 0.5) * s).repeat(n) for n, s in zip(levels, (8, 16, 32))])
    locy = torch.cat([((torch.arange(n) + 0.5) * s).repeat_interleave(n) for n, s in zip(levels, (8, 16, 32))])
    stride = torch.cat([torch.full((n * n,), float(s)) for n, s in zip(levels, (8, 16, 32))])
    pos = (torch.rand(batch, P) < 0.01).float()
    onehot = torch.zeros(batch, 3, P)
    onehot[:, 0] = pos
    gt = torch.stack([locx - 40, locy - 3, locx + 40, locy + 3], 0)[None].repeat(batch, 1, 1)
    times = []
    for i in range(steps + 2):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = loss_fn(model(x), onehot, pos, gt, locx, locy, stride)
        loss.backward()
        opt.step()
        if i >= 2:
            times.append(time.perf_counter() - t0)
    times.sort()
    best = times[len(times) // 2]
    model.eval()
    with torch.no_grad():
        t0 = time.perf_counter()
        for _ in range(3):
            model(x)
        infer = 3 * batch / (time.perf_counter() - t0)
    return {'size': size, 'batch': batch, 'train_img_s': batch / best, 'infer_img_s': infer}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sizes', default='256,384,512')
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--steps', type=int, default=6)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--backbone', default='small')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    for s in a.sizes.split(','):
        r = bench(int(s), a.batch, a.steps, a.backbone)
        r.update({'threads': a.threads, 'torch': torch.__version__})
        print(json.dumps(r), flush=True)


if __name__ == '__main__':
    main()
