;; Direct weight gradient for layers with few input channels (LeNet's C1: 1 → 6 channels, 5×5), stride 1,
;; undilated, one group. There the im2col GEMM dW [O, R] = δ [O, N·HWo] · colsᵀ has a handful of rows
;; and columns and spends as long packing as multiplying; here each loaded input vector (four
;; neighbouring pixels) is multiplied straight into the accumulators of two channels' kernel row.
;; (A direct forward kernel on the same plan measured slower than the GEMM path, so there is none.)
;;
;; Descriptor (i32 words): 0 kind, 1 N, 2 C, 3 H, 4 W, 5 O, 6 kh, 7 kw, 8 Ho, 9 Wo, 10 ph, 11 pw, 12 x,
;; 13 dy, 14 partials [parts, O, C, kh, kw], 15 workspace, 16 workspace bytes per thread, 17 images per part.
;; Workspace: the zero-padded planes of one image [C, H + 2ph, Wp] with Wp = 4⌈Wo/4⌉ + kw + 3 (room for
;; the last vector of a row), dy's planes [O, Ho, 4⌈Wo/4⌉] and the accumulators [O, C, kh, 5] of four lanes.

(func $direct_wp (param $d i32) (result i32)
  (i32.add (i32.add (i32.shl (i32.shr_u (i32.add (i32.load offset=36 (local.get $d)) (i32.const 3)) (i32.const 2)) (i32.const 2))
    (i32.load offset=28 (local.get $d))) (i32.const 3)))

;; dW[o, c, i, j] = Σ dy[n, o, oy, ox]·x_padded[n, c, oy + i, ox + j], two output channels and one kernel
;; row at a time: ten accumulators (2 channels × 5 taps, kw ≤ 5) of four pixels each, kept across the
;; part's images in the workspace; the lanes are added at the end into the part's partial.
(func $task_direct_bwd_weight (param $d i32) (param $part i32) (param $tid i32)
  (local $N i32) (local $C i32) (local $H i32) (local $W i32) (local $O i32) (local $kh i32) (local $kw i32) (local $Ho i32) (local $Wo i32)
  (local $Hp i32) (local $Wp i32) (local $Wd i32) (local $n i32) (local $n1 i32) (local $xp i32) (local $dyp i32) (local $acc i32)
  (local $o i32) (local $c i32) (local $i i32) (local $j i32) (local $oy i32) (local $x0 i32) (local $q i32) (local $row i32) (local $p0 i32) (local $p1 i32)
  (local $at i32) (local $dst i32) (local $v v128) (local $g0 v128) (local $g1 v128)
  (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s4 v128)
  (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $t4 v128)
  (local.set $N (i32.load offset=4 (local.get $d)))
  (local.set $C (i32.load offset=8 (local.get $d)))
  (local.set $H (i32.load offset=12 (local.get $d)))
  (local.set $W (i32.load offset=16 (local.get $d)))
  (local.set $O (i32.load offset=20 (local.get $d)))
  (local.set $kh (i32.load offset=24 (local.get $d)))
  (local.set $kw (i32.load offset=28 (local.get $d)))
  (local.set $Ho (i32.load offset=32 (local.get $d)))
  (local.set $Wo (i32.load offset=36 (local.get $d)))
  (local.set $Hp (i32.add (local.get $H) (i32.shl (i32.load offset=40 (local.get $d)) (i32.const 1))))
  (local.set $Wp (call $direct_wp (local.get $d)))
  (local.set $Wd (i32.shl (i32.shr_u (i32.add (local.get $Wo) (i32.const 3)) (i32.const 2)) (i32.const 2)))
  (local.set $xp (i32.add (i32.load offset=60 (local.get $d)) (i32.mul (local.get $tid) (i32.load offset=64 (local.get $d)))))
  (local.set $dyp (i32.and (i32.add (i32.add (local.get $xp) (i32.shl (i32.mul (i32.mul (local.get $C) (local.get $Hp)) (local.get $Wp)) (i32.const 2))) (i32.const 63)) (i32.const -64)))
  (local.set $acc (i32.and (i32.add (i32.add (local.get $dyp) (i32.shl (i32.mul (i32.mul (local.get $O) (local.get $Ho)) (local.get $Wd)) (i32.const 2))) (i32.const 63)) (i32.const -64)))
  ;; accumulators [O, C, kh, 5] × 16 bytes start at zero
  (memory.fill (local.get $acc) (i32.const 0) (i32.mul (i32.mul (i32.mul (local.get $O) (local.get $C)) (local.get $kh)) (i32.const 80)))
  (local.set $n (i32.mul (local.get $part) (i32.load offset=68 (local.get $d))))
  (local.set $n1 (i32.add (local.get $n) (i32.load offset=68 (local.get $d))))
  (if (i32.gt_s (local.get $n1) (local.get $N)) (then (local.set $n1 (local.get $N))))
  (loop $images
    (call $wino_pad
      (i32.add (i32.load offset=48 (local.get $d)) (i32.shl (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $C)) (local.get $H)) (local.get $W)) (i32.const 2)))
      (local.get $C) (local.get $H) (local.get $W) (i32.load offset=40 (local.get $d)) (i32.load offset=44 (local.get $d))
      (i32.const 0) (local.get $Hp) (local.get $Wp) (local.get $xp))
    (call $wino_pad
      (i32.add (i32.load offset=52 (local.get $d)) (i32.shl (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $O)) (local.get $Ho)) (local.get $Wo)) (i32.const 2)))
      (local.get $O) (local.get $Ho) (local.get $Wo) (i32.const 0) (i32.const 0) (i32.const 0) (local.get $Ho) (local.get $Wd) (local.get $dyp))
    (local.set $o (i32.const 0))
    (loop $pairs
      (local.set $c (i32.const 0))
      (loop $chans
        (local.set $i (i32.const 0))
        (loop $krows
          ;; accumulators of (o, c, i) and (o + 1, c, i); an odd last channel pairs with itself
          (local.set $at (i32.add (local.get $acc) (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $o) (local.get $C)) (local.get $c)) (local.get $kh)) (local.get $i)) (i32.const 80))))
          (local.set $q (select (i32.mul (i32.mul (local.get $C) (local.get $kh)) (i32.const 80)) (i32.const 0)
            (i32.lt_s (i32.add (local.get $o) (i32.const 1)) (local.get $O))))
          (local.set $s0 (v128.load (local.get $at))) (local.set $s1 (v128.load offset=16 (local.get $at)))
          (local.set $s2 (v128.load offset=32 (local.get $at))) (local.set $s3 (v128.load offset=48 (local.get $at)))
          (local.set $s4 (v128.load offset=64 (local.get $at)))
          (local.set $t0 (v128.load (i32.add (local.get $at) (local.get $q)))) (local.set $t1 (v128.load offset=16 (i32.add (local.get $at) (local.get $q))))
          (local.set $t2 (v128.load offset=32 (i32.add (local.get $at) (local.get $q)))) (local.set $t3 (v128.load offset=48 (i32.add (local.get $at) (local.get $q))))
          (local.set $t4 (v128.load offset=64 (i32.add (local.get $at) (local.get $q))))
          (local.set $p0 (i32.add (local.get $dyp) (i32.shl (i32.mul (i32.mul (local.get $o) (local.get $Ho)) (local.get $Wd)) (i32.const 2))))
          (local.set $p1 (select (i32.shl (i32.mul (local.get $Ho) (local.get $Wd)) (i32.const 2)) (i32.const 0) (i32.ne (local.get $q) (i32.const 0))))
          (local.set $oy (i32.const 0))
          (loop $rows
            (local.set $row (i32.add (local.get $xp) (i32.shl
              (i32.mul (i32.add (i32.mul (local.get $c) (local.get $Hp)) (i32.add (local.get $oy) (local.get $i))) (local.get $Wp)) (i32.const 2))))
            (local.set $x0 (i32.const 0))
            (loop $cols
              (local.set $g0 (v128.load (local.get $p0)))
              (local.set $g1 (v128.load (i32.add (local.get $p0) (local.get $p1))))
              (local.set $v (v128.load (local.get $row)))
              (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $g0) (local.get $v))))
              (local.set $t0 (f32x4.add (local.get $t0) (f32x4.mul (local.get $g1) (local.get $v))))
              (local.set $v (v128.load offset=4 (local.get $row)))
              (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $g0) (local.get $v))))
              (local.set $t1 (f32x4.add (local.get $t1) (f32x4.mul (local.get $g1) (local.get $v))))
              (local.set $v (v128.load offset=8 (local.get $row)))
              (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $g0) (local.get $v))))
              (local.set $t2 (f32x4.add (local.get $t2) (f32x4.mul (local.get $g1) (local.get $v))))
              (local.set $v (v128.load offset=12 (local.get $row)))
              (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $g0) (local.get $v))))
              (local.set $t3 (f32x4.add (local.get $t3) (f32x4.mul (local.get $g1) (local.get $v))))
              (local.set $v (v128.load offset=16 (local.get $row)))
              (local.set $s4 (f32x4.add (local.get $s4) (f32x4.mul (local.get $g0) (local.get $v))))
              (local.set $t4 (f32x4.add (local.get $t4) (f32x4.mul (local.get $g1) (local.get $v))))
              (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
              (local.set $row (i32.add (local.get $row) (i32.const 16)))
              (br_if $cols (i32.lt_s (local.tee $x0 (i32.add (local.get $x0) (i32.const 4))) (local.get $Wo))))
            (br_if $rows (i32.lt_s (local.tee $oy (i32.add (local.get $oy) (i32.const 1))) (local.get $Ho))))
          (v128.store (local.get $at) (local.get $s0)) (v128.store offset=16 (local.get $at) (local.get $s1))
          (v128.store offset=32 (local.get $at) (local.get $s2)) (v128.store offset=48 (local.get $at) (local.get $s3))
          (v128.store offset=64 (local.get $at) (local.get $s4))
          (if (local.get $q)
            (then
              (local.set $at (i32.add (local.get $at) (local.get $q)))
              (v128.store (local.get $at) (local.get $t0)) (v128.store offset=16 (local.get $at) (local.get $t1))
              (v128.store offset=32 (local.get $at) (local.get $t2)) (v128.store offset=48 (local.get $at) (local.get $t3))
              (v128.store offset=64 (local.get $at) (local.get $t4))))
          (br_if $krows (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $kh))))
        (br_if $chans (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $C))))
      (br_if $pairs (i32.lt_s (local.tee $o (i32.add (local.get $o) (i32.const 2))) (local.get $O))))
    (br_if $images (i32.lt_s (local.tee $n (i32.add (local.get $n) (i32.const 1))) (local.get $n1))))
  ;; partial[o, c, i, j] = the lanes of accumulator (o, c, i, j) added
  (local.set $dst (i32.add (i32.load offset=56 (local.get $d))
    (i32.shl (i32.mul (local.get $part) (i32.mul (i32.mul (i32.mul (local.get $O) (local.get $C)) (local.get $kh)) (local.get $kw))) (i32.const 2))))
  (local.set $q (i32.mul (i32.mul (local.get $O) (local.get $C)) (local.get $kh)))
  (local.set $at (local.get $acc))
  (loop $sums
    (local.set $j (i32.const 0))
    (loop $taps
      (local.set $v (v128.load (i32.add (local.get $at) (i32.shl (local.get $j) (i32.const 4)))))
      (f32.store (local.get $dst) (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
        (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (br_if $taps (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $kw))))
    (local.set $at (i32.add (local.get $at) (i32.const 80)))
    (br_if $sums (local.tee $q (i32.sub (local.get $q) (i32.const 1))))))
