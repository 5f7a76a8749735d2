;; Winograd F(4, 5) along rows for stride-1, undilated 5×5 kernels of one group (LeNet's C1 and C3, and
;; C3's input gradient as a flipped convolution): the method of backend/cpu/conv-winograd-rows.ts.
;; Each four-pixel piece of an output row is Aᵀ[Σ_(c,i) U_(c,i) ⊙ V_(c,row+i)] with V = Bᵀ d (the eight
;; inputs under the piece) and U = G w (one kernel row, made by the host): 8 products per kernel row
;; and piece instead of 20. The products run four positions to a vector down the columns: the five
;; kernel-row factors stay in registers and a window of five V vectors slides down the rows.
;;
;; Descriptor (i32 words): 0 kind, 1 N, 2 C, 3 H, 4 W, 5 O, 6 Ho, 7 Wo, 8 ph, 9 pw, 10 x, 11 U [O, C, 5, 8],
;; 12 out, 13 workspace, 14 workspace bytes per thread, 15 images per part.
;; Workspace: the zero-padded planes of one image [C, Hp, Wq] (Wq = 4·pieces + 4), V [C, Hp, pieces, 8],
;; M [Ho, pieces, 8].

;; V[row, p, 0…7] = Bᵀ·xp[row, 4p … 4p + 7] for `rows` padded rows of Wq floats.
(func $rw_input (param $xp i32) (param $rows i32) (param $np i32) (param $Wq i32) (param $V i32)
  (local $r i32) (local $p i32) (local $s i32)
  (local $d0 f32) (local $d1 f32) (local $d2 f32) (local $d3 f32) (local $d4 f32) (local $d5 f32) (local $d6 f32) (local $d7 f32)
  (local $a f32) (local $b f32)
  (loop $rowsL
    (local.set $s (i32.add (local.get $xp) (i32.shl (i32.mul (local.get $r) (local.get $Wq)) (i32.const 2))))
    (local.set $p (i32.const 0))
    (loop $pieces
      (local.set $d0 (f32.load (local.get $s))) (local.set $d1 (f32.load offset=4 (local.get $s)))
      (local.set $d2 (f32.load offset=8 (local.get $s))) (local.set $d3 (f32.load offset=12 (local.get $s)))
      (local.set $d4 (f32.load offset=16 (local.get $s))) (local.set $d5 (f32.load offset=20 (local.get $s)))
      (local.set $d6 (f32.load offset=24 (local.get $s))) (local.set $d7 (f32.load offset=28 (local.get $s)))
      ;; −d0 + 21/4·(d2 − d4) + d6
      (f32.store (local.get $V) (f32.add (f32.sub (local.get $d6) (local.get $d0))
        (f32.mul (f32.const 5.25) (f32.sub (local.get $d2) (local.get $d4)))))
      ;; (d2 + d6 − 17/4·d4) ± (d1 + d5 − 17/4·d3)
      (local.set $a (f32.sub (f32.add (local.get $d2) (local.get $d6)) (f32.mul (f32.const 4.25) (local.get $d4))))
      (local.set $b (f32.sub (f32.add (local.get $d1) (local.get $d5)) (f32.mul (f32.const 4.25) (local.get $d3))))
      (f32.store offset=4 (local.get $V) (f32.add (local.get $a) (local.get $b)))
      (f32.store offset=8 (local.get $V) (f32.sub (local.get $a) (local.get $b)))
      ;; (d2/4 − 5/4·d4 + d6) ± (d1/2 − 5/2·d3 + 2·d5)
      (local.set $a (f32.add (f32.sub (f32.mul (f32.const 0.25) (local.get $d2)) (f32.mul (f32.const 1.25) (local.get $d4))) (local.get $d6)))
      (local.set $b (f32.add (f32.sub (f32.mul (f32.const 0.5) (local.get $d1)) (f32.mul (f32.const 2.5) (local.get $d3))) (f32.mul (f32.const 2) (local.get $d5))))
      (f32.store offset=12 (local.get $V) (f32.add (local.get $a) (local.get $b)))
      (f32.store offset=16 (local.get $V) (f32.sub (local.get $a) (local.get $b)))
      ;; (4·d2 − 5·d4 + d6) ± (2·d1 − 5/2·d3 + d5/2)
      (local.set $a (f32.add (f32.sub (f32.mul (f32.const 4) (local.get $d2)) (f32.mul (f32.const 5) (local.get $d4))) (local.get $d6)))
      (local.set $b (f32.add (f32.sub (f32.mul (f32.const 2) (local.get $d1)) (f32.mul (f32.const 2.5) (local.get $d3))) (f32.mul (f32.const 0.5) (local.get $d5))))
      (f32.store offset=20 (local.get $V) (f32.add (local.get $a) (local.get $b)))
      (f32.store offset=24 (local.get $V) (f32.sub (local.get $a) (local.get $b)))
      ;; −d1 + 21/4·(d3 − d5) + d7
      (f32.store offset=28 (local.get $V) (f32.add (f32.sub (local.get $d7) (local.get $d1))
        (f32.mul (f32.const 5.25) (f32.sub (local.get $d3) (local.get $d5)))))
      (local.set $V (i32.add (local.get $V) (i32.const 32)))
      (local.set $s (i32.add (local.get $s) (i32.const 16)))
      (br_if $pieces (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $np))))
    (br_if $rowsL (i32.lt_s (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rows)))))

;; M[y, p, 4h … 4h + 3] (+)= Σ_i U[i, 4h …]·V[y + i, p, 4h …] for h = 0, 1, every output row y and piece p.
;; U: one (o, c) pair's five transformed kernel rows [5, 8]; V: one channel's [Hp, pieces, 8].
(func $rw_columns (param $U i32) (param $V i32) (param $M i32) (param $Ho i32) (param $np i32) (param $first i32)
  (local $h i32) (local $p i32) (local $y i32) (local $src i32) (local $at i32) (local $rs i32)
  (local $f0 v128) (local $f1 v128) (local $f2 v128) (local $f3 v128) (local $f4 v128)
  (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $w4 v128) (local $s v128)
  (local.set $rs (i32.shl (local.get $np) (i32.const 5)))
  (loop $halves
    (local.set $f0 (v128.load (local.get $U))) (local.set $f1 (v128.load offset=32 (local.get $U)))
    (local.set $f2 (v128.load offset=64 (local.get $U))) (local.set $f3 (v128.load offset=96 (local.get $U)))
    (local.set $f4 (v128.load offset=128 (local.get $U)))
    (local.set $p (i32.const 0))
    (loop $pieces
      (local.set $src (i32.add (local.get $V) (i32.shl (local.get $p) (i32.const 5))))
      (local.set $at (i32.add (local.get $M) (i32.shl (local.get $p) (i32.const 5))))
      (local.set $w0 (v128.load (local.get $src)))
      (local.set $w1 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
      (local.set $w2 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
      (local.set $w3 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
      (local.set $y (local.get $Ho))
      (loop $rows
        (local.set $w4 (v128.load (local.tee $src (i32.add (local.get $src) (local.get $rs)))))
        (local.set $s (f32x4.add
          (f32x4.add (f32x4.mul (local.get $f0) (local.get $w0)) (f32x4.mul (local.get $f1) (local.get $w1)))
          (f32x4.add (f32x4.add (f32x4.mul (local.get $f2) (local.get $w2)) (f32x4.mul (local.get $f3) (local.get $w3)))
            (f32x4.mul (local.get $f4) (local.get $w4)))))
        (if (local.get $first)
          (then (v128.store (local.get $at) (local.get $s)))
          (else (v128.store (local.get $at) (f32x4.add (v128.load (local.get $at)) (local.get $s)))))
        (local.set $w0 (local.get $w1)) (local.set $w1 (local.get $w2)) (local.set $w2 (local.get $w3)) (local.set $w3 (local.get $w4))
        (local.set $at (i32.add (local.get $at) (local.get $rs)))
        (br_if $rows (local.tee $y (i32.sub (local.get $y) (i32.const 1)))))
      (br_if $pieces (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $np))))
    (local.set $U (i32.add (local.get $U) (i32.const 16)))
    (local.set $V (i32.add (local.get $V) (i32.const 16)))
    (local.set $M (i32.add (local.get $M) (i32.const 16)))
    (br_if $halves (i32.lt_s (local.tee $h (i32.add (local.get $h) (i32.const 1))) (i32.const 2)))))

;; out[y·Wo + 4p + i] = (Aᵀ M[y, p])[i] for one output plane, the last piece cut at Wo.
(func $rw_output (param $M i32) (param $out i32) (param $Ho i32) (param $Wo i32) (param $np i32)
  (local $y i32) (local $p i32) (local $o i32) (local $left i32)
  (local $m0 f32) (local $s1 f32) (local $d1 f32) (local $s3 f32) (local $d3 f32) (local $s5 f32) (local $d5 f32)
  (local $y1 f32) (local $y2 f32) (local $y3 f32)
  (loop $rows
    (local.set $p (i32.const 0))
    (loop $pieces
      (local.set $m0 (f32.load (local.get $M)))
      (local.set $s1 (f32.add (f32.load offset=4 (local.get $M)) (f32.load offset=8 (local.get $M))))
      (local.set $d1 (f32.sub (f32.load offset=4 (local.get $M)) (f32.load offset=8 (local.get $M))))
      (local.set $s3 (f32.add (f32.load offset=12 (local.get $M)) (f32.load offset=16 (local.get $M))))
      (local.set $d3 (f32.sub (f32.load offset=12 (local.get $M)) (f32.load offset=16 (local.get $M))))
      (local.set $s5 (f32.add (f32.load offset=20 (local.get $M)) (f32.load offset=24 (local.get $M))))
      (local.set $d5 (f32.sub (f32.load offset=20 (local.get $M)) (f32.load offset=24 (local.get $M))))
      (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $Wo)) (i32.shl (local.get $p) (i32.const 2))) (i32.const 2))))
      (local.set $left (i32.sub (local.get $Wo) (i32.shl (local.get $p) (i32.const 2))))
      (f32.store (local.get $o) (f32.add (f32.add (local.get $m0) (local.get $s1)) (f32.add (local.get $s3) (local.get $s5))))
      (local.set $y1 (f32.add (f32.add (local.get $d1) (f32.mul (f32.const 2) (local.get $d3))) (f32.mul (f32.const 0.5) (local.get $d5))))
      (local.set $y2 (f32.add (f32.add (local.get $s1) (f32.mul (f32.const 4) (local.get $s3))) (f32.mul (f32.const 0.25) (local.get $s5))))
      (local.set $y3 (f32.add (f32.add (f32.add (local.get $d1) (f32.mul (f32.const 8) (local.get $d3))) (f32.mul (f32.const 0.125) (local.get $d5)))
        (f32.load offset=28 (local.get $M))))
      (if (i32.gt_s (local.get $left) (i32.const 1)) (then (f32.store offset=4 (local.get $o) (local.get $y1))))
      (if (i32.gt_s (local.get $left) (i32.const 2)) (then (f32.store offset=8 (local.get $o) (local.get $y2))))
      (if (i32.gt_s (local.get $left) (i32.const 3)) (then (f32.store offset=12 (local.get $o) (local.get $y3))))
      (local.set $M (i32.add (local.get $M) (i32.const 32)))
      (br_if $pieces (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $np))))
    (br_if $rows (i32.lt_s (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $Ho)))))

(func $task_rowwino (param $d i32) (param $part i32) (param $tid i32)
  (local $N i32) (local $C i32) (local $H i32) (local $W i32) (local $O i32) (local $Ho i32) (local $Wo i32)
  (local $np i32) (local $Wq i32) (local $Hp i32) (local $n i32) (local $n1 i32) (local $xp i32) (local $V i32) (local $M i32)
  (local $o i32) (local $c i32) (local $plane i32)
  (local.set $N (i32.load offset=4 (local.get $d)))
  (local.set $C (i32.load offset=8 (local.get $d)))
  (local.set $H (i32.load offset=12 (local.get $d)))
  (local.set $W (i32.load offset=16 (local.get $d)))
  (local.set $O (i32.load offset=20 (local.get $d)))
  (local.set $Ho (i32.load offset=24 (local.get $d)))
  (local.set $Wo (i32.load offset=28 (local.get $d)))
  (local.set $np (i32.shr_u (i32.add (local.get $Wo) (i32.const 3)) (i32.const 2)))
  (local.set $Wq (i32.add (i32.shl (local.get $np) (i32.const 2)) (i32.const 4)))
  (local.set $Hp (i32.add (local.get $H) (i32.shl (i32.load offset=32 (local.get $d)) (i32.const 1))))
  (local.set $xp (i32.add (i32.load offset=52 (local.get $d)) (i32.mul (local.get $tid) (i32.load offset=56 (local.get $d)))))
  (local.set $V (i32.and (i32.add (i32.add (local.get $xp) (i32.shl (i32.mul (i32.mul (local.get $C) (local.get $Hp)) (local.get $Wq)) (i32.const 2))) (i32.const 63)) (i32.const -64)))
  (local.set $M (i32.add (local.get $V) (i32.shl (i32.mul (i32.mul (local.get $C) (local.get $Hp)) (local.get $np)) (i32.const 5))))
  (local.set $n (i32.mul (local.get $part) (i32.load offset=60 (local.get $d))))
  (local.set $n1 (i32.add (local.get $n) (i32.load offset=60 (local.get $d))))
  (if (i32.gt_s (local.get $n1) (local.get $N)) (then (local.set $n1 (local.get $N))))
  (loop $images
    (call $wino_pad
      (i32.add (i32.load offset=40 (local.get $d)) (i32.shl (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $C)) (local.get $H)) (local.get $W)) (i32.const 2)))
      (local.get $C) (local.get $H) (local.get $W) (i32.load offset=32 (local.get $d)) (i32.load offset=36 (local.get $d))
      (i32.const 0) (local.get $Hp) (local.get $Wq) (local.get $xp))
    (call $rw_input (local.get $xp) (i32.mul (local.get $C) (local.get $Hp)) (local.get $np) (local.get $Wq) (local.get $V))
    (local.set $o (i32.const 0))
    (loop $outs
      (local.set $c (i32.const 0))
      (loop $chans
        (call $rw_columns
          (i32.add (i32.load offset=44 (local.get $d)) (i32.mul (i32.add (i32.mul (local.get $o) (local.get $C)) (local.get $c)) (i32.const 160)))
          (i32.add (local.get $V) (i32.shl (i32.mul (i32.mul (local.get $c) (local.get $Hp)) (local.get $np)) (i32.const 5)))
          (local.get $M) (local.get $Ho) (local.get $np) (i32.eqz (local.get $c)))
        (br_if $chans (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $C))))
      (local.set $plane (i32.add (i32.load offset=48 (local.get $d))
        (i32.shl (i32.mul (i32.add (i32.mul (local.get $n) (local.get $O)) (local.get $o)) (i32.mul (local.get $Ho) (local.get $Wo))) (i32.const 2))))
      (call $rw_output (local.get $M) (local.get $plane) (local.get $Ho) (local.get $Wo) (local.get $np))
      (br_if $outs (i32.lt_s (local.tee $o (i32.add (local.get $o) (i32.const 1))) (local.get $O))))
    (br_if $images (i32.lt_s (local.tee $n (i32.add (local.get $n) (i32.const 1))) (local.get $n1)))))
