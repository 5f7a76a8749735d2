;; Winograd F(2×2, 3×3) convolution for stride-1, undilated 3×3 kernels of one group (ResNet's layers,
;; and their input gradients, which are such convolutions too). Each 2×2 output tile is
;; Aᵀ[Σ_c U_c ⊙ (Bᵀ d_c B)]A, where d_c is the tile's 4×4 input window in channel c and U = G g Gᵀ the
;; transformed kernel (made by the host): 16 products per channel and tile instead of 36, 2.25× fewer.
;; Bᵀ and Aᵀ hold only 0 and ±1, so the transforms are additions and round no worse than the direct sum.
;;
;; A part is a run of tile rows of one image. Its 4×4 windows are transformed four tiles at a time (the
;; four tiles side by side along x fill the four lanes), giving 16 matrices V_ξ [C, T] of T tiles; then
;; for each of the 16 positions ξ one GEMM M_ξ [K, T] = U_ξ [K, C] · V_ξ; then the output transform.
;;
;; Descriptor (i32 words): 0 kind, 1 N, 2 C, 3 H, 4 W, 5 K, 6 Ho, 7 Wo, 8 ph, 9 pw, 10 tile rows,
;; 11 x-blocks of four tiles, 12 tile rows per part, 13 parts per image, 14 x, 15 U [16, K, C], 16 out,
;; 17 workspace, 18 workspace bytes per thread, 19 images per part (more than one only where a part
;; covers whole images: their tiles then sit side by side in one set of GEMMs, which are wider for it).
;; Workspace per thread: the zero-bordered rows the part reads [C, Hp, Wp], V [16, C, T], M [16, K, T],
;; then the GEMM's packing buffers.

;; Bytes from one position ξ's matrix [rows, T] to the next: one cache line more than the matrix, so the
;; sixteen matrices a transform reads or writes side by side fall in different L1 sets (at exact
;; multiples of the matrix size they shared two sets and evicted each other: the output transform
;; took as long as the GEMMs).
(func $wino_plane (param $rows i32) (param $T i32) (result i32)
  (i32.add (i32.shl (i32.mul (local.get $rows) (local.get $T)) (i32.const 2)) (i32.const 64)))

;; Rows y0 … y0 + Hp − 1 of the zero-padded planes (padded coordinates) of one image, Wp wide
;; (both Winograd paths and their gradients read their operands through it).
(func $pad_rows (param $x i32) (param $C i32) (param $H i32) (param $W i32) (param $ph i32) (param $pw i32)
  (param $y0 i32) (param $Hp i32) (param $Wp i32) (param $dst i32)
  (local $c i32) (local $r i32) (local $iy i32) (local $row i32) (local $Wpb i32) (local $Wb i32) (local $pwb i32)
  (local.set $Wpb (i32.shl (local.get $Wp) (i32.const 2)))
  (local.set $Wb (i32.shl (local.get $W) (i32.const 2)))
  (local.set $pwb (i32.shl (local.get $pw) (i32.const 2)))
  (loop $planes
    (local.set $r (i32.const 0))
    (loop $rows
      (local.set $iy (i32.sub (i32.add (local.get $y0) (local.get $r)) (local.get $ph)))
      (local.set $row (i32.add (local.get $dst) (i32.mul (i32.add (i32.mul (local.get $c) (local.get $Hp)) (local.get $r)) (local.get $Wpb))))
      ;; inline copies: V8 makes memory.copy and memory.fill calls, dearer than these short rows
      (if (i32.and (i32.ge_s (local.get $iy) (i32.const 0)) (i32.lt_s (local.get $iy) (local.get $H)))
        (then
          (call $zero_f32 (local.get $row) (local.get $pw))
          (call $copy_f32 (i32.add (local.get $row) (local.get $pwb))
            (i32.add (local.get $x) (i32.shl (i32.mul (i32.add (i32.mul (local.get $c) (local.get $H)) (local.get $iy)) (local.get $W)) (i32.const 2)))
            (local.get $W))
          (call $zero_f32 (i32.add (i32.add (local.get $row) (local.get $pwb)) (local.get $Wb))
            (i32.sub (i32.sub (local.get $Wp) (local.get $pw)) (local.get $W))))
        (else (call $zero_f32 (local.get $row) (local.get $Wp))))
      (br_if $rows (i32.lt_s (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $Hp))))
    (br_if $planes (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $C)))))

;; Row i of Bᵀ d B from row i of Bᵀ d (s0 … s3, four tiles in the lanes), stored at q, q + ξs, … (ξ = 4i + j).
(func $wino_in_row (param $s0 v128) (param $s1 v128) (param $s2 v128) (param $s3 v128) (param $q i32) (param $xs i32)
  (v128.store (local.get $q) (f32x4.sub (local.get $s0) (local.get $s2)))
  (v128.store (local.tee $q (i32.add (local.get $q) (local.get $xs))) (f32x4.add (local.get $s1) (local.get $s2)))
  (v128.store (local.tee $q (i32.add (local.get $q) (local.get $xs))) (f32x4.sub (local.get $s2) (local.get $s1)))
  (v128.store (i32.add (local.get $q) (local.get $xs)) (f32x4.sub (local.get $s1) (local.get $s3))))

;; V_ξ[c, t] for every channel and tile of the part, at V + ξ·plane + 4·(c·T + t) ($wino_plane). Column j of the windows
;; of four tiles two apart, (x_j, x_j+2, x_j+4, x_j+6), is the even or odd lanes of two loads (a shuffle).
(func $wino_input (param $xp i32) (param $C i32) (param $Hp i32) (param $Wp i32) (param $nty i32) (param $xb i32)
  (param $T i32) (param $V i32)
  (local $c i32) (local $ty i32) (local $b i32) (local $p i32) (local $q i32) (local $Wpb i32) (local $xs i32)
  (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
  (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
  (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
  (local.set $Wpb (i32.shl (local.get $Wp) (i32.const 2)))
  ;; ξ stride 4·C·T bytes; four ξ per row of Bᵀ d B
  (local.set $xs (call $wino_plane (local.get $C) (local.get $T)))
  (loop $planes
    (local.set $ty (i32.const 0))
    (loop $trows
      (local.set $b (i32.const 0))
      (loop $blocks
        ;; window row r of four tiles: padded columns 8b … 8b + 9 of row 2ty + r
        (local.set $p (i32.add (local.get $xp) (i32.shl
          (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $Hp)) (i32.shl (local.get $ty) (i32.const 1))) (local.get $Wp))
            (i32.shl (local.get $b) (i32.const 3))) (i32.const 2))))
        (local.set $q (i32.add (local.get $V) (i32.shl
          (i32.add (i32.mul (local.get $c) (local.get $T)) (i32.shl (i32.add (i32.mul (local.get $ty) (local.get $xb)) (local.get $b)) (i32.const 2)))
          (i32.const 2))))
        ;; rows 0 and 2 of the window: row 0 of Bᵀ d is d0 − d2
        (local.set $a0 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $a1 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $a2 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load offset=8 (local.get $p)) (v128.load offset=24 (local.get $p))))
        (local.set $a3 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load offset=8 (local.get $p)) (v128.load offset=24 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.shl (local.get $Wpb) (i32.const 1))))
        (local.set $b0 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $b1 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $b2 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load offset=8 (local.get $p)) (v128.load offset=24 (local.get $p))))
        (local.set $b3 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load offset=8 (local.get $p)) (v128.load offset=24 (local.get $p))))
        (call $wino_in_row
          (f32x4.sub (local.get $a0) (local.get $b0)) (f32x4.sub (local.get $a1) (local.get $b1))
          (f32x4.sub (local.get $a2) (local.get $b2)) (f32x4.sub (local.get $a3) (local.get $b3))
          (local.get $q) (local.get $xs))
        ;; row 1 (a) with row 2 (b): rows 1 and 2 of Bᵀ d are d1 + d2 and d2 − d1
        (local.set $p (i32.sub (local.get $p) (local.get $Wpb)))
        (local.set $a0 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $a1 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $a2 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load offset=8 (local.get $p)) (v128.load offset=24 (local.get $p))))
        (local.set $a3 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load offset=8 (local.get $p)) (v128.load offset=24 (local.get $p))))
        (local.set $q (i32.add (local.get $q) (i32.shl (local.get $xs) (i32.const 2))))
        (call $wino_in_row
          (f32x4.add (local.get $a0) (local.get $b0)) (f32x4.add (local.get $a1) (local.get $b1))
          (f32x4.add (local.get $a2) (local.get $b2)) (f32x4.add (local.get $a3) (local.get $b3))
          (local.get $q) (local.get $xs))
        (local.set $q (i32.add (local.get $q) (i32.shl (local.get $xs) (i32.const 2))))
        (call $wino_in_row
          (f32x4.sub (local.get $b0) (local.get $a0)) (f32x4.sub (local.get $b1) (local.get $a1))
          (f32x4.sub (local.get $b2) (local.get $a2)) (f32x4.sub (local.get $b3) (local.get $a3))
          (local.get $q) (local.get $xs))
        ;; row 3 of Bᵀ d is d1 − d3
        (local.set $p (i32.add (local.get $p) (i32.shl (local.get $Wpb) (i32.const 1))))
        (local.set $r0 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $r1 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $r2 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load offset=8 (local.get $p)) (v128.load offset=24 (local.get $p))))
        (local.set $r3 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load offset=8 (local.get $p)) (v128.load offset=24 (local.get $p))))
        (local.set $q (i32.add (local.get $q) (i32.shl (local.get $xs) (i32.const 2))))
        (call $wino_in_row
          (f32x4.sub (local.get $a0) (local.get $r0)) (f32x4.sub (local.get $a1) (local.get $r1))
          (f32x4.sub (local.get $a2) (local.get $r2)) (f32x4.sub (local.get $a3) (local.get $r3))
          (local.get $q) (local.get $xs))
        (br_if $blocks (i32.lt_s (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $xb))))
      (br_if $trows (i32.lt_s (local.tee $ty (i32.add (local.get $ty) (i32.const 1))) (local.get $nty))))
    (br_if $planes (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $C)))))

;; The first n (≤ 8) floats of lo ‖ hi at dst.
(func $store_upto8 (param $dst i32) (param $lo v128) (param $hi v128) (param $n i32)
  (if (i32.ge_s (local.get $n) (i32.const 8))
    (then
      (v128.store (local.get $dst) (local.get $lo))
      (v128.store offset=16 (local.get $dst) (local.get $hi))
      (return)))
  (if (i32.le_s (local.get $n) (i32.const 0)) (then (return)))
  (f32.store (local.get $dst) (f32x4.extract_lane 0 (local.get $lo)))
  (if (i32.le_s (local.get $n) (i32.const 1)) (then (return)))
  (f32.store offset=4 (local.get $dst) (f32x4.extract_lane 1 (local.get $lo)))
  (if (i32.le_s (local.get $n) (i32.const 2)) (then (return)))
  (f32.store offset=8 (local.get $dst) (f32x4.extract_lane 2 (local.get $lo)))
  (if (i32.le_s (local.get $n) (i32.const 3)) (then (return)))
  (f32.store offset=12 (local.get $dst) (f32x4.extract_lane 3 (local.get $lo)))
  (if (i32.le_s (local.get $n) (i32.const 4)) (then (return)))
  (f32.store offset=16 (local.get $dst) (f32x4.extract_lane 0 (local.get $hi)))
  (if (i32.le_s (local.get $n) (i32.const 5)) (then (return)))
  (f32.store offset=20 (local.get $dst) (f32x4.extract_lane 1 (local.get $hi)))
  (if (i32.le_s (local.get $n) (i32.const 6)) (then (return)))
  (f32.store offset=24 (local.get $dst) (f32x4.extract_lane 2 (local.get $hi))))

;; One output row of four tiles: Y_i0, Y_i1 (tiles in the lanes) interleaved into 8 pixels of row y.
(func $wino_out_row (param $y0 v128) (param $y1 v128) (param $out i32) (param $y i32) (param $Ho i32) (param $Wo i32) (param $x i32)
  (if (i32.ge_s (local.get $y) (local.get $Ho)) (then (return)))
  (call $store_upto8
    (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $Wo)) (local.get $x)) (i32.const 2)))
    (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $y0) (local.get $y1))
    (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $y0) (local.get $y1))
    (i32.sub (local.get $Wo) (local.get $x))))

;; out[k, y0 + 2ty + i, 8b + …] = (Aᵀ M A)[i, …] from M_ξ[k, t] at M + ξ·plane + 4·(k·T + t).
(func $wino_output (param $M i32) (param $K i32) (param $T i32) (param $nty i32) (param $xb i32)
  (param $out i32) (param $Ho i32) (param $Wo i32) (param $y0 i32)
  (local $k i32) (local $ty i32) (local $b i32) (local $q i32) (local $xs i32) (local $plane i32) (local $y i32) (local $x i32)
  (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128)
  (local $u0 v128) (local $u1 v128) (local $u2 v128) (local $u3 v128)
  (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
  (local.set $xs (call $wino_plane (local.get $K) (local.get $T)))
  (loop $channels
    (local.set $plane (i32.add (local.get $out) (i32.shl (i32.mul (i32.mul (local.get $k) (local.get $Ho)) (local.get $Wo)) (i32.const 2))))
    (local.set $ty (i32.const 0))
    (loop $trows
      (local.set $b (i32.const 0))
      (loop $blocks
        (block $next
        (local.set $q (i32.add (local.get $M) (i32.shl
          (i32.add (i32.mul (local.get $k) (local.get $T)) (i32.shl (i32.add (i32.mul (local.get $ty) (local.get $xb)) (local.get $b)) (i32.const 2)))
          (i32.const 2))))
        ;; rows of Aᵀ M: u = m0 + m1 + m2 and v = m1 − m2 − m3, column by column
        (local.set $m0 (v128.load (local.get $q)))
        (local.set $m1 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $m2 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $m3 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $u0 (local.get $m0)) (local.set $u1 (local.get $m1)) (local.set $u2 (local.get $m2)) (local.set $u3 (local.get $m3))
        (local.set $m0 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $m1 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $m2 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $m3 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $u0 (f32x4.add (local.get $u0) (local.get $m0))) (local.set $v0 (local.get $m0))
        (local.set $u1 (f32x4.add (local.get $u1) (local.get $m1))) (local.set $v1 (local.get $m1))
        (local.set $u2 (f32x4.add (local.get $u2) (local.get $m2))) (local.set $v2 (local.get $m2))
        (local.set $u3 (f32x4.add (local.get $u3) (local.get $m3))) (local.set $v3 (local.get $m3))
        (local.set $m0 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $m1 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $m2 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $m3 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $u0 (f32x4.add (local.get $u0) (local.get $m0))) (local.set $v0 (f32x4.sub (local.get $v0) (local.get $m0)))
        (local.set $u1 (f32x4.add (local.get $u1) (local.get $m1))) (local.set $v1 (f32x4.sub (local.get $v1) (local.get $m1)))
        (local.set $u2 (f32x4.add (local.get $u2) (local.get $m2))) (local.set $v2 (f32x4.sub (local.get $v2) (local.get $m2)))
        (local.set $u3 (f32x4.add (local.get $u3) (local.get $m3))) (local.set $v3 (f32x4.sub (local.get $v3) (local.get $m3)))
        (local.set $m0 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $m1 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $m2 (v128.load (local.tee $q (i32.add (local.get $q) (local.get $xs)))))
        (local.set $m3 (v128.load (i32.add (local.get $q) (local.get $xs))))
        (local.set $v0 (f32x4.sub (local.get $v0) (local.get $m0)))
        (local.set $v1 (f32x4.sub (local.get $v1) (local.get $m1)))
        (local.set $v2 (f32x4.sub (local.get $v2) (local.get $m2)))
        (local.set $v3 (f32x4.sub (local.get $v3) (local.get $m3)))
        ;; then · A along each row: (r0 + r1 + r2, r1 − r2 − r3)
        (local.set $y (i32.add (local.get $y0) (i32.shl (local.get $ty) (i32.const 1))))
        (local.set $x (i32.shl (local.get $b) (i32.const 3)))
        (if (i32.and (i32.le_s (i32.add (local.get $x) (i32.const 8)) (local.get $Wo)) (i32.lt_s (i32.add (local.get $y) (i32.const 1)) (local.get $Ho)))
          (then
            ;; a whole block: two rows of eight pixels, the two columns of each tile interleaved
            (local.set $m0 (f32x4.add (f32x4.add (local.get $u0) (local.get $u1)) (local.get $u2)))
            (local.set $m1 (f32x4.sub (f32x4.sub (local.get $u1) (local.get $u2)) (local.get $u3)))
            (local.set $m2 (f32x4.add (f32x4.add (local.get $v0) (local.get $v1)) (local.get $v2)))
            (local.set $m3 (f32x4.sub (f32x4.sub (local.get $v1) (local.get $v2)) (local.get $v3)))
            (local.set $q (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $Wo)) (local.get $x)) (i32.const 2))))
            (v128.store (local.get $q) (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $m0) (local.get $m1)))
            (v128.store offset=16 (local.get $q) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $m0) (local.get $m1)))
            (local.set $q (i32.add (local.get $q) (i32.shl (local.get $Wo) (i32.const 2))))
            (v128.store (local.get $q) (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $m2) (local.get $m3)))
            (v128.store offset=16 (local.get $q) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $m2) (local.get $m3)))
            (br $next)))
        (call $wino_out_row
          (f32x4.add (f32x4.add (local.get $u0) (local.get $u1)) (local.get $u2))
          (f32x4.sub (f32x4.sub (local.get $u1) (local.get $u2)) (local.get $u3))
          (local.get $plane) (local.get $y) (local.get $Ho) (local.get $Wo) (i32.shl (local.get $b) (i32.const 3)))
        (call $wino_out_row
          (f32x4.add (f32x4.add (local.get $v0) (local.get $v1)) (local.get $v2))
          (f32x4.sub (f32x4.sub (local.get $v1) (local.get $v2)) (local.get $v3))
          (local.get $plane) (i32.add (local.get $y) (i32.const 1)) (local.get $Ho) (local.get $Wo) (i32.shl (local.get $b) (i32.const 3))))
        (br_if $blocks (i32.lt_s (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $xb))))
      (br_if $trows (i32.lt_s (local.tee $ty (i32.add (local.get $ty) (i32.const 1))) (local.get $nty))))
    (br_if $channels (i32.lt_s (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $K)))))

(func $task_wino_fwd (param $d i32) (param $part i32) (param $tid i32)
  (local $C i32) (local $H i32) (local $W i32) (local $K i32) (local $Ho i32) (local $Wo i32)
  (local $xb i32) (local $rpp i32) (local $ppi i32) (local $n i32) (local $ty0 i32) (local $nty i32)
  (local $T i32) (local $Hp i32) (local $Wp i32) (local $xp i32) (local $V i32) (local $M i32) (local $gws i32) (local $xi i32)
  (local $n0 i32) (local $n1 i32) (local $Ti i32)
  (local.set $C (i32.load offset=8 (local.get $d)))
  (local.set $H (i32.load offset=12 (local.get $d)))
  (local.set $W (i32.load offset=16 (local.get $d)))
  (local.set $K (i32.load offset=20 (local.get $d)))
  (local.set $Ho (i32.load offset=24 (local.get $d)))
  (local.set $Wo (i32.load offset=28 (local.get $d)))
  (local.set $xb (i32.load offset=44 (local.get $d)))
  (local.set $rpp (i32.load offset=48 (local.get $d)))
  (local.set $ppi (i32.load offset=52 (local.get $d)))
  ;; images n0 … n1 − 1 side by side (several only where one part covers a whole image)
  (local.set $n0 (i32.mul (i32.div_u (local.get $part) (local.get $ppi)) (i32.load offset=76 (local.get $d))))
  (local.set $n1 (i32.add (local.get $n0) (i32.load offset=76 (local.get $d))))
  (if (i32.gt_s (local.get $n1) (i32.load offset=4 (local.get $d))) (then (local.set $n1 (i32.load offset=4 (local.get $d)))))
  (local.set $ty0 (i32.mul (i32.rem_u (local.get $part) (local.get $ppi)) (local.get $rpp)))
  (local.set $nty (i32.sub (i32.load offset=40 (local.get $d)) (local.get $ty0)))
  (if (i32.gt_s (local.get $nty) (local.get $rpp)) (then (local.set $nty (local.get $rpp))))
  ;; Ti tiles per image, T in all: image i's tiles are columns (i − n0)·Ti … of V and M
  (local.set $Ti (i32.shl (i32.mul (local.get $nty) (local.get $xb)) (i32.const 2)))
  (local.set $T (i32.mul (local.get $Ti) (i32.sub (local.get $n1) (local.get $n0))))
  (local.set $Hp (i32.add (i32.shl (local.get $nty) (i32.const 1)) (i32.const 2)))
  (local.set $Wp (i32.add (i32.shl (local.get $xb) (i32.const 3)) (i32.const 2)))
  ;; workspace: padded rows, V, M, GEMM buffers, each on a cache line
  (local.set $xp (i32.add (i32.load offset=68 (local.get $d)) (i32.mul (local.get $tid) (i32.load offset=72 (local.get $d)))))
  (local.set $V (i32.and (i32.add (i32.add (local.get $xp) (i32.shl (i32.mul (i32.mul (local.get $C) (local.get $Hp)) (local.get $Wp)) (i32.const 2))) (i32.const 63)) (i32.const -64)))
  (local.set $M (i32.add (local.get $V) (i32.shl (call $wino_plane (local.get $C) (local.get $T)) (i32.const 4))))
  (local.set $gws (i32.add (local.get $M) (i32.shl (call $wino_plane (local.get $K) (local.get $T)) (i32.const 4))))
  (local.set $n (local.get $n0))
  (loop $inputs
    (call $pad_rows
      (i32.add (i32.load offset=56 (local.get $d)) (i32.shl (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $C)) (local.get $H)) (local.get $W)) (i32.const 2)))
      (local.get $C) (local.get $H) (local.get $W) (i32.load offset=32 (local.get $d)) (i32.load offset=36 (local.get $d))
      (i32.shl (local.get $ty0) (i32.const 1)) (local.get $Hp) (local.get $Wp) (local.get $xp))
    (call $wino_input (local.get $xp) (local.get $C) (local.get $Hp) (local.get $Wp) (local.get $nty) (local.get $xb) (local.get $T)
      (i32.add (local.get $V) (i32.shl (i32.mul (i32.sub (local.get $n) (local.get $n0)) (local.get $Ti)) (i32.const 2))))
    (br_if $inputs (i32.lt_s (local.tee $n (i32.add (local.get $n) (i32.const 1))) (local.get $n1))))
  (loop $positions
    ;; M_ξ [K, T] = U_ξ [K, C] · V_ξ [C, T]
    (call $gemm (local.get $K) (local.get $T) (local.get $C)
      (i32.add (i32.load offset=60 (local.get $d)) (i32.shl (i32.mul (i32.mul (local.get $xi) (local.get $K)) (local.get $C)) (i32.const 2)))
      (local.get $C) (i32.const 1)
      (i32.add (local.get $V) (i32.mul (local.get $xi) (call $wino_plane (local.get $C) (local.get $T))))
      (local.get $T) (i32.const 1)
      (i32.add (local.get $M) (i32.mul (local.get $xi) (call $wino_plane (local.get $K) (local.get $T))))
      (local.get $T) (i32.const 0) (local.get $gws))
    (br_if $positions (i32.lt_s (local.tee $xi (i32.add (local.get $xi) (i32.const 1))) (i32.const 16))))
  (local.set $n (local.get $n0))
  (loop $outputs
    (call $wino_output (i32.add (local.get $M) (i32.shl (i32.mul (i32.sub (local.get $n) (local.get $n0)) (local.get $Ti)) (i32.const 2)))
      (local.get $K) (local.get $T) (local.get $nty) (local.get $xb)
      (i32.add (i32.load offset=64 (local.get $d)) (i32.shl (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $K)) (local.get $Ho)) (local.get $Wo)) (i32.const 2)))
      (local.get $Ho) (local.get $Wo) (i32.shl (local.get $ty0) (i32.const 1)))
    (br_if $outputs (i32.lt_s (local.tee $n (i32.add (local.get $n) (i32.const 1))) (local.get $n1)))))

;; ---- weight gradient: dU_ξ [K, C] = Σ_t D_ξ[k, t]·V_ξ[c, t] with D = A δy Aᵀ per tile (the adjoint of
;; the output transform), then dW = Gᵀ dU G on the host. The same 16 GEMMs as the forward pass.
;;
;; Descriptor (i32 words): 0 kind, 1 N, 2 C, 3 H, 4 W, 5 K, 6 Ho, 7 Wo, 8 ph, 9 pw, 10 tile rows,
;; 11 x-blocks of four tiles, 12 tile rows per chunk, 13 images per part, 14 x, 15 dy, 16 partials
;; (dU [16, K, C] per part), 17 workspace, 18 workspace bytes per thread, 19 images per chunk.
;; Workspace per thread: padded x rows [C, Hp, Wp], dy rows [K, 2·rows, 8·blocks], V [16, C, T],
;; D [16, K, T], then the GEMM's packing buffers.

;; Row i of D from row i of A δy (P: column 0 of the tiles, Q: column 1): (P, P + Q, P − Q, −Q) at q, q + ξs, ….
(func $wino_dy_row (param $p v128) (param $q v128) (param $at i32) (param $xs i32)
  (v128.store (local.get $at) (local.get $p))
  (v128.store (local.tee $at (i32.add (local.get $at) (local.get $xs))) (f32x4.add (local.get $p) (local.get $q)))
  (v128.store (local.tee $at (i32.add (local.get $at) (local.get $xs))) (f32x4.sub (local.get $p) (local.get $q)))
  (v128.store (i32.add (local.get $at) (local.get $xs)) (f32x4.neg (local.get $q))))

;; D_ξ[k, t] = (A δy_t Aᵀ)_ξ at D + ξ·plane + 4·(k·T + t), from the zero-bordered dy rows [K, 2·nty, Wd].
(func $wino_dy (param $dyp i32) (param $K i32) (param $nty i32) (param $xb i32) (param $Wd i32) (param $T i32) (param $D i32)
  (local $k i32) (local $ty i32) (local $b i32) (local $p i32) (local $at i32) (local $xs i32) (local $Wdb i32)
  (local $e0 v128) (local $o0 v128) (local $e1 v128) (local $o1 v128)
  (local.set $Wdb (i32.shl (local.get $Wd) (i32.const 2)))
  (local.set $xs (call $wino_plane (local.get $K) (local.get $T)))
  (loop $channels
    (local.set $ty (i32.const 0))
    (loop $trows
      (local.set $b (i32.const 0))
      (loop $blocks
        (local.set $p (i32.add (local.get $dyp) (i32.shl
          (i32.add (i32.mul (i32.add (i32.mul (local.get $k) (i32.shl (local.get $nty) (i32.const 1))) (i32.shl (local.get $ty) (i32.const 1))) (local.get $Wd))
            (i32.shl (local.get $b) (i32.const 3))) (i32.const 2))))
        (local.set $at (i32.add (local.get $D) (i32.shl
          (i32.add (i32.mul (local.get $k) (local.get $T)) (i32.shl (i32.add (i32.mul (local.get $ty) (local.get $xb)) (local.get $b)) (i32.const 2)))
          (i32.const 2))))
        (local.set $e0 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $o0 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $Wdb)))
        (local.set $e1 (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $o1 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        ;; rows of A δy: r0, r0 + r1, r0 − r1, −r1
        (call $wino_dy_row (local.get $e0) (local.get $o0) (local.get $at) (local.get $xs))
        (local.set $at (i32.add (local.get $at) (i32.shl (local.get $xs) (i32.const 2))))
        (call $wino_dy_row (f32x4.add (local.get $e0) (local.get $e1)) (f32x4.add (local.get $o0) (local.get $o1)) (local.get $at) (local.get $xs))
        (local.set $at (i32.add (local.get $at) (i32.shl (local.get $xs) (i32.const 2))))
        (call $wino_dy_row (f32x4.sub (local.get $e0) (local.get $e1)) (f32x4.sub (local.get $o0) (local.get $o1)) (local.get $at) (local.get $xs))
        (local.set $at (i32.add (local.get $at) (i32.shl (local.get $xs) (i32.const 2))))
        (call $wino_dy_row (f32x4.neg (local.get $e1)) (f32x4.neg (local.get $o1)) (local.get $at) (local.get $xs))
        (br_if $blocks (i32.lt_s (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $xb))))
      (br_if $trows (i32.lt_s (local.tee $ty (i32.add (local.get $ty) (i32.const 1))) (local.get $nty))))
    (br_if $channels (i32.lt_s (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $K)))))

(func $task_wino_bwd_weight (param $d i32) (param $part i32) (param $tid i32)
  (local $N i32) (local $C i32) (local $H i32) (local $W i32) (local $K i32) (local $Ho i32) (local $Wo i32)
  (local $tilesY i32) (local $xb i32) (local $rpp i32) (local $n i32) (local $n1 i32) (local $ty0 i32) (local $nty i32)
  (local $T i32) (local $Hp i32) (local $Wp i32) (local $xp i32) (local $dyp i32) (local $V i32) (local $D i32) (local $gws i32)
  (local $xi i32) (local $acc i32) (local $dU i32) (local $ws i32) (local $nc i32) (local $m i32) (local $Ti i32) (local $at i32)
  (local.set $N (i32.load offset=4 (local.get $d)))
  (local.set $C (i32.load offset=8 (local.get $d)))
  (local.set $H (i32.load offset=12 (local.get $d)))
  (local.set $W (i32.load offset=16 (local.get $d)))
  (local.set $K (i32.load offset=20 (local.get $d)))
  (local.set $Ho (i32.load offset=24 (local.get $d)))
  (local.set $Wo (i32.load offset=28 (local.get $d)))
  (local.set $tilesY (i32.load offset=40 (local.get $d)))
  (local.set $xb (i32.load offset=44 (local.get $d)))
  (local.set $rpp (i32.load offset=48 (local.get $d)))
  (local.set $n (i32.mul (local.get $part) (i32.load offset=52 (local.get $d))))
  (local.set $n1 (i32.add (local.get $n) (i32.load offset=52 (local.get $d))))
  (if (i32.gt_s (local.get $n1) (local.get $N)) (then (local.set $n1 (local.get $N))))
  (local.set $dU (i32.add (i32.load offset=64 (local.get $d)) (i32.shl (i32.mul (i32.mul (local.get $part) (local.get $K)) (local.get $C)) (i32.const 6))))
  (local.set $Wp (i32.add (i32.shl (local.get $xb) (i32.const 3)) (i32.const 2)))
  (local.set $ws (i32.add (i32.load offset=68 (local.get $d)) (i32.mul (local.get $tid) (i32.load offset=72 (local.get $d)))))
  (loop $groups
    ;; a chunk: tile rows ty0 … of images n … nc − 1 (several images only where a chunk covers whole images)
    (local.set $nc (i32.add (local.get $n) (i32.load offset=76 (local.get $d))))
    (if (i32.gt_s (local.get $nc) (local.get $n1)) (then (local.set $nc (local.get $n1))))
    (local.set $ty0 (i32.const 0))
    (loop $chunks
      (local.set $nty (i32.sub (local.get $tilesY) (local.get $ty0)))
      (if (i32.gt_s (local.get $nty) (local.get $rpp)) (then (local.set $nty (local.get $rpp))))
      (local.set $Ti (i32.shl (i32.mul (local.get $nty) (local.get $xb)) (i32.const 2)))
      (local.set $T (i32.mul (local.get $Ti) (i32.sub (local.get $nc) (local.get $n))))
      (local.set $Hp (i32.add (i32.shl (local.get $nty) (i32.const 1)) (i32.const 2)))
      (local.set $xp (local.get $ws))
      (local.set $dyp (i32.and (i32.add (i32.add (local.get $xp) (i32.shl (i32.mul (i32.mul (local.get $C) (local.get $Hp)) (local.get $Wp)) (i32.const 2))) (i32.const 63)) (i32.const -64)))
      (local.set $V (i32.and (i32.add (i32.add (local.get $dyp) (i32.shl (i32.mul (i32.mul (local.get $K) (i32.shl (local.get $nty) (i32.const 1))) (i32.shl (local.get $xb) (i32.const 3))) (i32.const 2))) (i32.const 63)) (i32.const -64)))
      (local.set $D (i32.add (local.get $V) (i32.shl (call $wino_plane (local.get $C) (local.get $T)) (i32.const 4))))
      (local.set $gws (i32.add (local.get $D) (i32.shl (call $wino_plane (local.get $K) (local.get $T)) (i32.const 4))))
      (local.set $m (local.get $n))
      (loop $images
        ;; image m's tiles are columns (m − n)·Ti … of V and D
        (local.set $at (i32.shl (i32.mul (i32.sub (local.get $m) (local.get $n)) (local.get $Ti)) (i32.const 2)))
        (call $pad_rows
          (i32.add (i32.load offset=56 (local.get $d)) (i32.shl (i32.mul (i32.mul (i32.mul (local.get $m) (local.get $C)) (local.get $H)) (local.get $W)) (i32.const 2)))
          (local.get $C) (local.get $H) (local.get $W) (i32.load offset=32 (local.get $d)) (i32.load offset=36 (local.get $d))
          (i32.shl (local.get $ty0) (i32.const 1)) (local.get $Hp) (local.get $Wp) (local.get $xp))
        (call $wino_input (local.get $xp) (local.get $C) (local.get $Hp) (local.get $Wp) (local.get $nty) (local.get $xb) (local.get $T)
          (i32.add (local.get $V) (local.get $at)))
        ;; dy rows 2·ty0 … of image m, zero past Ho and Wo
        (call $pad_rows
          (i32.add (i32.load offset=60 (local.get $d)) (i32.shl (i32.mul (i32.mul (i32.mul (local.get $m) (local.get $K)) (local.get $Ho)) (local.get $Wo)) (i32.const 2)))
          (local.get $K) (local.get $Ho) (local.get $Wo) (i32.const 0) (i32.const 0)
          (i32.shl (local.get $ty0) (i32.const 1)) (i32.shl (local.get $nty) (i32.const 1)) (i32.shl (local.get $xb) (i32.const 3)) (local.get $dyp))
        (call $wino_dy (local.get $dyp) (local.get $K) (local.get $nty) (local.get $xb) (i32.shl (local.get $xb) (i32.const 3)) (local.get $T)
          (i32.add (local.get $D) (local.get $at)))
        (br_if $images (i32.lt_s (local.tee $m (i32.add (local.get $m) (i32.const 1))) (local.get $nc))))
      (local.set $xi (i32.const 0))
      (loop $positions
        ;; dU_ξ [K, C] (+)= D_ξ [K, T] · V_ξᵀ [T, C]
        (call $gemm (local.get $K) (local.get $C) (local.get $T)
          (i32.add (local.get $D) (i32.mul (local.get $xi) (call $wino_plane (local.get $K) (local.get $T))))
          (local.get $T) (i32.const 1)
          (i32.add (local.get $V) (i32.mul (local.get $xi) (call $wino_plane (local.get $C) (local.get $T))))
          (i32.const 1) (local.get $T)
          (i32.add (local.get $dU) (i32.shl (i32.mul (i32.mul (local.get $xi) (local.get $K)) (local.get $C)) (i32.const 2)))
          (local.get $C) (local.get $acc) (local.get $gws))
        (br_if $positions (i32.lt_s (local.tee $xi (i32.add (local.get $xi) (i32.const 1))) (i32.const 16))))
      (local.set $acc (i32.const 1))
      (br_if $chunks (i32.lt_s (local.tee $ty0 (i32.add (local.get $ty0) (local.get $rpp))) (local.get $tilesY))))
    (br_if $groups (i32.lt_s (local.tee $n (local.get $nc)) (local.get $n1)))))
