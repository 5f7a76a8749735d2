;; Training-mode batch normalization (backend `batchNorm`, `batchNormBackward`) over float32 x [N, C, S]
;; (contiguous; S the size of one channel's plane), as passes over all N·C planes in order. Per-channel
;; sums are float64 (two f64x2 accumulators over the lanes, then the scalar tail), added into f64 arrays
;; [C]; per-channel coefficients are f64 arrays the host computes. The affine passes work in f64 lanes
;; and round once to float32, as the TypeScript kernel does, so they give its bits for equal coefficients.
;; Called on the calling thread (no task descriptor): each pass is one sweep of memory.

;; acc[c] += Σ x over channel c's planes.
(func (export "bn_sum") (param $x i32) (param $N i32) (param $C i32) (param $S i32) (param $acc i32)
  (local $q i32) (local $c i32) (local $end i32) (local $end4 i32) (local $v v128) (local $s0 v128) (local $s1 v128) (local $t f64) (local $a i32)
  (local.set $q (i32.mul (local.get $N) (local.get $C)))
  (block $planes
    (loop $plane
      (br_if $planes (i32.eqz (local.get $q)))
      (local.set $end (i32.add (local.get $x) (i32.shl (local.get $S) (i32.const 2))))
      (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $S) (i32.const -4)) (i32.const 2))))
      (local.set $s0 (f64x2.splat (f64.const 0)))
      (local.set $s1 (f64x2.splat (f64.const 0)))
      (block $v4done
        (loop $v4
          (br_if $v4done (i32.ge_u (local.get $x) (local.get $end4)))
          (local.set $v (v128.load (local.get $x)))
          (local.set $s0 (f64x2.add (local.get $s0) (f64x2.promote_low_f32x4 (local.get $v))))
          (local.set $s1 (f64x2.add (local.get $s1) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
          (local.set $x (i32.add (local.get $x) (i32.const 16)))
          (br $v4)))
      (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
      (local.set $t (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
      (block $tdone
        (loop $tail
          (br_if $tdone (i32.ge_u (local.get $x) (local.get $end)))
          (local.set $t (f64.add (local.get $t) (f64.promote_f32 (f32.load (local.get $x)))))
          (local.set $x (i32.add (local.get $x) (i32.const 4)))
          (br $tail)))
      (local.set $a (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 3))))
      (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $t)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (if (i32.eq (local.get $c) (local.get $C)) (then (local.set $c (i32.const 0))))
      (local.set $q (i32.sub (local.get $q) (i32.const 1)))
      (br $plane))))

;; acc[c] += Σ (x − mean[c])² over channel c's planes (mean: f64 [C]).
(func (export "bn_sq_dev") (param $x i32) (param $N i32) (param $C i32) (param $S i32) (param $mean i32) (param $acc i32)
  (local $q i32) (local $c i32) (local $end i32) (local $end4 i32) (local $v v128) (local $d v128) (local $m v128)
  (local $s0 v128) (local $s1 v128) (local $t f64) (local $e f64) (local $a i32)
  (local.set $q (i32.mul (local.get $N) (local.get $C)))
  (block $planes
    (loop $plane
      (br_if $planes (i32.eqz (local.get $q)))
      (local.set $end (i32.add (local.get $x) (i32.shl (local.get $S) (i32.const 2))))
      (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $S) (i32.const -4)) (i32.const 2))))
      (local.set $m (f64x2.splat (f64.load (i32.add (local.get $mean) (i32.shl (local.get $c) (i32.const 3))))))
      (local.set $s0 (f64x2.splat (f64.const 0)))
      (local.set $s1 (f64x2.splat (f64.const 0)))
      (block $v4done
        (loop $v4
          (br_if $v4done (i32.ge_u (local.get $x) (local.get $end4)))
          (local.set $v (v128.load (local.get $x)))
          (local.set $d (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (local.get $m)))
          (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $d (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $m)))
          (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $x (i32.add (local.get $x) (i32.const 16)))
          (br $v4)))
      (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
      (local.set $t (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
      (block $tdone
        (loop $tail
          (br_if $tdone (i32.ge_u (local.get $x) (local.get $end)))
          (local.set $e (f64.sub (f64.promote_f32 (f32.load (local.get $x))) (f64x2.extract_lane 0 (local.get $m))))
          (local.set $t (f64.add (local.get $t) (f64.mul (local.get $e) (local.get $e))))
          (local.set $x (i32.add (local.get $x) (i32.const 4)))
          (br $tail)))
      (local.set $a (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 3))))
      (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $t)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (if (i32.eq (local.get $c) (local.get $C)) (then (local.set $c (i32.const 0))))
      (local.set $q (i32.sub (local.get $q) (i32.const 1)))
      (br $plane))))

;; accG[c] += Σ g and accGX[c] += Σ g·(x − mean[c]) over channel c's planes (the gradient's sums).
(func (export "bn_grad_sums") (param $g i32) (param $x i32) (param $N i32) (param $C i32) (param $S i32) (param $mean i32) (param $accG i32) (param $accGX i32)
  (local $q i32) (local $c i32) (local $i i32) (local $end i32) (local $end4 i32) (local $v v128) (local $w v128) (local $m v128)
  (local $lo v128) (local $hi v128) (local $s0 v128) (local $s1 v128) (local $u0 v128) (local $u1 v128) (local $t f64) (local $tx f64) (local $e f64) (local $a i32)
  (local.set $q (i32.mul (local.get $N) (local.get $C)))
  (block $planes
    (loop $plane
      (br_if $planes (i32.eqz (local.get $q)))
      (local.set $end (i32.add (local.get $i) (i32.shl (local.get $S) (i32.const 2))))
      (local.set $end4 (i32.add (local.get $i) (i32.shl (i32.and (local.get $S) (i32.const -4)) (i32.const 2))))
      (local.set $m (f64x2.splat (f64.load (i32.add (local.get $mean) (i32.shl (local.get $c) (i32.const 3))))))
      (local.set $s0 (f64x2.splat (f64.const 0)))
      (local.set $s1 (f64x2.splat (f64.const 0)))
      (local.set $u0 (f64x2.splat (f64.const 0)))
      (local.set $u1 (f64x2.splat (f64.const 0)))
      (block $v4done
        (loop $v4
          (br_if $v4done (i32.ge_u (local.get $i) (local.get $end4)))
          (local.set $v (v128.load (i32.add (local.get $g) (local.get $i))))
          (local.set $w (v128.load (i32.add (local.get $x) (local.get $i))))
          (local.set $lo (f64x2.promote_low_f32x4 (local.get $v)))
          (local.set $hi (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
          (local.set $s0 (f64x2.add (local.get $s0) (local.get $lo)))
          (local.set $s1 (f64x2.add (local.get $s1) (local.get $hi)))
          (local.set $u0 (f64x2.add (local.get $u0) (f64x2.mul (local.get $lo) (f64x2.sub (f64x2.promote_low_f32x4 (local.get $w)) (local.get $m)))))
          (local.set $u1 (f64x2.add (local.get $u1) (f64x2.mul (local.get $hi)
            (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w))) (local.get $m)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $v4)))
      (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
      (local.set $u0 (f64x2.add (local.get $u0) (local.get $u1)))
      (local.set $t (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
      (local.set $tx (f64.add (f64x2.extract_lane 0 (local.get $u0)) (f64x2.extract_lane 1 (local.get $u0))))
      (block $tdone
        (loop $tail
          (br_if $tdone (i32.ge_u (local.get $i) (local.get $end)))
          (local.set $e (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $i)))))
          (local.set $t (f64.add (local.get $t) (local.get $e)))
          (local.set $tx (f64.add (local.get $tx) (f64.mul (local.get $e)
            (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $x) (local.get $i)))) (f64x2.extract_lane 0 (local.get $m))))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $tail)))
      (local.set $a (i32.add (local.get $accG) (i32.shl (local.get $c) (i32.const 3))))
      (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $t)))
      (local.set $a (i32.add (local.get $accGX) (i32.shl (local.get $c) (i32.const 3))))
      (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $tx)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (if (i32.eq (local.get $c) (local.get $C)) (then (local.set $c (i32.const 0))))
      (local.set $q (i32.sub (local.get $q) (i32.const 1)))
      (br $plane))))

;; out = (ka[c]·a + kb[c]·b) + k0[c] in f64 lanes, rounded once to float32, over every plane; b = 0 skips
;; the second term (the forward pass: y = x·scale + shift; the backward: dx = α·dy + β·x + γ).
(func (export "bn_affine") (param $a i32) (param $b i32) (param $out i32) (param $N i32) (param $C i32) (param $S i32)
  (param $ka i32) (param $kb i32) (param $k0 i32)
  (local $q i32) (local $c i32) (local $i i32) (local $end i32) (local $end4 i32) (local $v v128) (local $w v128)
  (local $A v128) (local $B v128) (local $K v128) (local $lo v128) (local $hi v128) (local $r f64)
  (local.set $q (i32.mul (local.get $N) (local.get $C)))
  (block $planes
    (loop $plane
      (br_if $planes (i32.eqz (local.get $q)))
      (local.set $end (i32.add (local.get $i) (i32.shl (local.get $S) (i32.const 2))))
      (local.set $end4 (i32.add (local.get $i) (i32.shl (i32.and (local.get $S) (i32.const -4)) (i32.const 2))))
      (local.set $A (f64x2.splat (f64.load (i32.add (local.get $ka) (i32.shl (local.get $c) (i32.const 3))))))
      (local.set $K (f64x2.splat (f64.load (i32.add (local.get $k0) (i32.shl (local.get $c) (i32.const 3))))))
      (if (local.get $b)
        (then (local.set $B (f64x2.splat (f64.load (i32.add (local.get $kb) (i32.shl (local.get $c) (i32.const 3))))))))
      (block $v4done
        (loop $v4
          (br_if $v4done (i32.ge_u (local.get $i) (local.get $end4)))
          (local.set $v (v128.load (i32.add (local.get $a) (local.get $i))))
          (local.set $lo (f64x2.mul (local.get $A) (f64x2.promote_low_f32x4 (local.get $v))))
          (local.set $hi (f64x2.mul (local.get $A) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
          (if (local.get $b)
            (then
              (local.set $w (v128.load (i32.add (local.get $b) (local.get $i))))
              (local.set $lo (f64x2.add (local.get $lo) (f64x2.mul (local.get $B) (f64x2.promote_low_f32x4 (local.get $w)))))
              (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $B)
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w))))))))
          (v128.store (i32.add (local.get $out) (local.get $i)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.add (local.get $lo) (local.get $K)))
            (f32x4.demote_f64x2_zero (f64x2.add (local.get $hi) (local.get $K)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $v4)))
      (block $tdone
        (loop $tail
          (br_if $tdone (i32.ge_u (local.get $i) (local.get $end)))
          (local.set $r (f64.mul (f64x2.extract_lane 0 (local.get $A)) (f64.promote_f32 (f32.load (i32.add (local.get $a) (local.get $i))))))
          (if (local.get $b)
            (then (local.set $r (f64.add (local.get $r) (f64.mul (f64x2.extract_lane 0 (local.get $B))
              (f64.promote_f32 (f32.load (i32.add (local.get $b) (local.get $i)))))))))
          (f32.store (i32.add (local.get $out) (local.get $i)) (f32.demote_f64 (f64.add (local.get $r) (f64x2.extract_lane 0 (local.get $K)))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $tail)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (if (i32.eq (local.get $c) (local.get $C)) (then (local.set $c (i32.const 0))))
      (local.set $q (i32.sub (local.get $q) (i32.const 1)))
      (br $plane))))
