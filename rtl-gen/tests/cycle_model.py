#!/usr/bin/env python3
"""Checks docs/microarchitecture.md against the RTL, cycle for cycle.

A cycle model written from the document's rules only (not from the RTL), with every number
read from the generated manifest.json (arch/ functions), predicts `cycles_busy` of each GEMM
of a workload without back-pressure; `quasar cosim --json` measures it on the Verilated RTL.
Any difference means the document (which the SystemC and analytical models follow) is wrong.

usage: cycle_model.py QUASAR CONFIG WORKLOAD WORKDIR
"""
import json
import os
import subprocess
import sys


def schedule(f, M, N, K):
    """arch::schedule(): steps in stream order with lengths and flags."""
    tm, tn, tk = f['tile']['m'], f['tile']['n'], f['tile']['k']
    ws = f['array']['dataflow'] == 'ws'
    steps = []
    outer, inner = ((range(0, N, tn), range(0, M, tm)) if ws else
                    (range(0, M, tm), range(0, N, tn)))
    for o in outer:
        for i in inner:
            m0, n0 = (i, o) if ws else (o, i)
            for k0 in range(0, K, tk):
                steps.append(dict(mLen=min(tm, M - m0), nLen=min(tn, N - n0),
                                  kLen=min(tk, K - k0), firstK=k0 == 0, lastK=k0 + tk >= K,
                                  lastTile=False))
    i = len(steps) - 1
    while True:  # every step of the last output tile
        steps[i]['lastTile'] = True
        if i == 0 or steps[i - 1]['lastK']:
            break
        i -= 1
    return steps


class State:
    pass


def cycles_busy(f, M, N, K, host_delay=1):
    """Busy cycles of one GEMM: the host raises tvalid `host_delay` cycles after the first
    busy cycle (the harness finishes the ctrl write's B handshake first) and never stalls."""
    steps = schedule(f, M, N, K)
    rows, cols = f['array']['rows'], f['array']['cols']
    ws = f['array']['dataflow'] == 'ws'
    banks = f['buffers']['banks']
    inp, out = f['streams']['input'], f['streams']['output']
    wbeats = inp['weight_word']['beats_per_word']
    abeats = inp['activation_word']['beats_per_word']
    obeats = out['word']['beats_per_word']
    lat = f['latencies']
    L = lat['ws_result_latency'] if ws else lat['os_accumulate_latency']
    fifo_words = lat['output_fifo_words']
    # With post.requant a word read in cycle c passes the requantizer's stages and enters the
    # FIFO at the end of cycle c + 1 + stages (docs/microarchitecture.md, "Drain").
    stages = lat.get('drain_pipeline_stages', 0)
    toggle = (lambda b: 1 - b) if banks == 2 else (lambda b: b)

    def step_beats(s):  # arch::stepInputBeats
        return rows * wbeats + s['mLen'] * abeats if ws else s['kLen'] * (abeats + wbeats)

    r = State()
    r.li, r.lbeats, r.lb, r.loading, r.pend, r.full = 0, 0, 0, True, None, [None, None]
    r.cstate, r.cb, r.ab, r.cur, r.t1, r.t2, r.dcnt, r.acc = 'idle', 0, 0, None, 0, 0, 0, [None, None]
    r.dstate, r.db, r.dlen, r.dlast, r.rd, r.fifo, r.pipe, r.beat = 'idle', 0, 0, False, 0, [], [], 0
    c = 0
    while True:
        n = State()
        n.__dict__ = {k: (list(v) if isinstance(v, list) else v) for k, v in r.__dict__.items()}
        # Loader
        tready = r.loading and r.full[r.lb] is None and not (r.pend and r.pend[0] == r.lb)
        if r.pend:
            n.full[r.pend[0]] = r.pend[1]
        n.pend = None
        if tready and c >= host_delay:
            n.lbeats = r.lbeats + 1
            if n.lbeats == step_beats(steps[r.li]):
                n.pend, n.lb, n.li, n.lbeats = (r.lb, r.li), toggle(r.lb), r.li + 1, 0
                n.loading = n.li < len(steps)
        # Compute
        if r.cstate == 'idle':
            if r.full[r.cb] is not None:
                s = steps[r.full[r.cb]]
                if not ws or not s['firstK'] or r.acc[r.ab] is None:
                    n.cur = s
                    if ws:
                        n.cstate, n.t1 = 'busy', c + rows + s['mLen']
                        n.t2 = n.t1 + L + 1
                    else:
                        n.cstate, n.t1 = 'feed', c + s['kLen']
        elif r.cstate == 'busy':
            if c == r.t1:
                n.full[r.cb], n.cb = None, toggle(r.cb)
            if c == r.t2:
                n.cstate = 'idle'
                if r.cur['lastK']:
                    n.acc[r.ab], n.ab = (r.cur['mLen'], r.cur['lastTile']), toggle(r.ab)
        elif r.cstate == 'feed':
            if c == r.t1:
                n.full[r.cb], n.cb = None, toggle(r.cb)
                n.cstate, n.t2 = ('tail', c + L - 1) if r.cur['lastK'] else ('idle', 0)
        elif r.cstate == 'tail':
            if c == r.t2:
                n.cstate, n.dcnt = 'drain', 0
        elif r.cstate == 'drain':
            if r.acc[r.ab] is None:
                n.dcnt = r.dcnt + 1
                if n.dcnt == rows:
                    n.acc[r.ab], n.ab = (r.cur['mLen'], r.cur['lastTile']), toggle(r.ab)
                    n.cstate = 'idle'
        # Drain unit (m_axis_tready always high)
        pop = bool(r.fifo) and r.beat == obeats - 1
        n.pipe = [p for p in r.pipe if p[0] != c]  # (cycle it enters the FIFO, last word)
        if r.dstate == 'idle':
            if r.acc[r.db] is not None:
                n.dstate, (n.dlen, n.dlast), n.rd = 'read', r.acc[r.db], 0
        elif len(r.fifo) + len(r.pipe) - pop < fifo_words:
            n.pipe.append((c + 1 + stages, r.dlast and r.rd == r.dlen - 1))
            n.rd = r.rd + 1
            if r.rd == r.dlen - 1:
                n.acc[r.db], n.db, n.dstate = None, toggle(r.db), 'idle'
        n.fifo = r.fifo[1:] if pop else list(r.fifo)
        n.fifo += [last for (enter, last) in r.pipe if enter == c]
        if r.fifo:
            n.beat = 0 if r.beat == obeats - 1 else r.beat + 1
        if pop and r.fifo[0]:
            return c + 1
        r, c = n, c + 1


def main():
    quasar, config, workload, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    gen = os.path.join(work, 'gen')
    subprocess.run([quasar, 'gen', config, '-o', gen], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(gen, 'manifest.json')) as fh:
        facts = json.load(fh)
    report = os.path.join(work, 'cosim.json')
    run = subprocess.run([quasar, 'cosim', config, '--workload', workload, '--work-dir',
                          os.path.join(work, 'cosim'), '--json', report],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stdout + run.stderr)
        sys.exit(1)
    with open(report) as fh:
        layers = json.load(fh)['layers']
    bad = 0
    for layer in layers:
        want = cycles_busy(facts, layer['m'], layer['n'], layer['k'])
        ok = want == layer['cycles']
        bad += not ok
        print(f"{facts['config']['name']} {layer['name']} {layer['m']}x{layer['n']}x{layer['k']}: "
              f"rtl {layer['cycles']} cycles, document {want} {'ok' if ok else 'DIFFERENT'}")
    print('PASS' if not bad else f'FAIL: {bad} layer(s) differ')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
