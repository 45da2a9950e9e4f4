import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import DatasetRatios from '../../../src-renderer/src/components/synth/DatasetRatios.svelte';
import SynthPreviewCard from '../../../src-renderer/src/components/synth/SynthPreviewCard.svelte';
import type { SynthPreviewPage } from '../../../src-main/shared/contract/synth';

describe('DatasetRatios', () => {
  it('shows each dataset with its real and synthetic page counts and their ratio', () => {
    render(DatasetRatios, {
      ratios: [
        { datasetId: 1, name: 'mixed', realPages: 10, syntheticPages: 30 },
        { datasetId: 2, name: 'real', realPages: 8, syntheticPages: 0 },
        { datasetId: 3, name: 'mostly real', realPages: 30, syntheticPages: 10 },
      ],
    });
    const rows = screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()).join(' '));
    expect(rows).toEqual(['mixed 10 30 1 : 3.0', 'real 8 0 real only', 'mostly real 30 10 3.0 : 1']);
  });

  it('says what to do when there is no dataset yet', () => {
    render(DatasetRatios, { ratios: [] });
    expect(screen.getByText(/No datasets yet/)).toBeTruthy();
  });
});

describe('SynthPreviewCard', () => {
  const page: SynthPreviewPage = {
    index: 2,
    media: 'synth/preview/00000000-0000-0000-0000-000000000000/000002.png',
    width: 1000,
    height: 1300,
    layout: 'memo',
    annotations: [
      { class: 'redaction', box: [100, 200, 300, 220], style: 'black', label: '(b)(6)', shape: 'span' },
      { class: 'exemption_label', box: [320, 200, 360, 215], label: 'b6' },
      { class: 'content', box: [80, 80, 920, 1200] },
    ],
  };

  it('draws every box over the page image and names the style of the box under the mouse', async () => {
    const { container } = render(SynthPreviewCard, { page, showBoxes: true });
    expect(container.querySelector('img')?.getAttribute('src')).toBe(`/media/${page.media}`);
    const rects = container.querySelectorAll('figure rect');
    expect([...rects].map((r) => [...r.classList].find((c) => c !== 'box' && !c.startsWith('svelte-')))).toEqual([
      'redaction',
      'exemption_label',
      'content',
    ]);
    expect(screen.getByText('#3 · memo · 1 redaction')).toBeTruthy();
    await fireEvent.mouseEnter(rects[0] as Element);
    expect(screen.getAllByText('black · (b)(6) · span').length).toBeGreaterThan(0);
  });

  it('hides the boxes when asked', () => {
    const { container } = render(SynthPreviewCard, { page, showBoxes: false });
    expect(container.querySelectorAll('rect')).toHaveLength(0);
  });
});
