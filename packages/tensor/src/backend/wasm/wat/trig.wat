;; sin (unary op 21) and cos (22) of float32 rows, in float64 lanes: n = round(x·2/π), r = x − n·π/2 with
;; π/2 in three parts (fdlibm's: the first two products are exact for |n| < 2^20, so r carries float64
;; precision even near a multiple of π/2), then fdlibm's sin and cos polynomials on |r| ≤ π/4 and the
;; quadrant's sign, rounded once to float32: Math.sin's and Math.cos's float32 values but where the exact
;; value lies within about 1e-15 of a float32 rounding boundary. Arguments beyond ±2^18 (and ±∞) are
;; not reduced here: the row reports them (result 1) and the caller leaves the op to the TypeScript loop.

(func $sincos_f64x2 (param $x v128) (param $cos i32) (result v128)
  (local $n v128) (local $r v128) (local $z v128) (local $q v128) (local $s v128) (local $c v128) (local $w v128)
  (local.set $n (f64x2.nearest (f64x2.mul (local.get $x) (v128.const f64x2 6.36619772367581382433e-01 6.36619772367581382433e-01))))
  (local.set $r (f64x2.sub (f64x2.sub (f64x2.sub (local.get $x)
    (f64x2.mul (local.get $n) (v128.const f64x2 1.57079632673412561417e+00 1.57079632673412561417e+00)))
    (f64x2.mul (local.get $n) (v128.const f64x2 6.07710050630396597660e-11 6.07710050630396597660e-11)))
    (f64x2.mul (local.get $n) (v128.const f64x2 2.02226624879595063154e-21 2.02226624879595063154e-21))))
  (local.set $q (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $n))) (i64x2.splat (i64.extend_i32_u (local.get $cos)))))
  (local.set $z (f64x2.mul (local.get $r) (local.get $r)))
  ;; sin r = r + r·z·(S1 + z·(S2 + … + z·S6))
  (local.set $s (f64x2.add (f64x2.mul (local.get $z) (v128.const f64x2 1.58969099521155010221e-10 1.58969099521155010221e-10)) (v128.const f64x2 -2.50507602534068634195e-08 -2.50507602534068634195e-08)))
  (local.set $s (f64x2.add (f64x2.mul (local.get $z) (local.get $s)) (v128.const f64x2 2.75573137070700676789e-06 2.75573137070700676789e-06)))
  (local.set $s (f64x2.add (f64x2.mul (local.get $z) (local.get $s)) (v128.const f64x2 -1.98412698298579493134e-04 -1.98412698298579493134e-04)))
  (local.set $s (f64x2.add (f64x2.mul (local.get $z) (local.get $s)) (v128.const f64x2 8.33333333332248946124e-03 8.33333333332248946124e-03)))
  (local.set $s (f64x2.add (f64x2.mul (local.get $z) (local.get $s)) (v128.const f64x2 -1.66666666666666324348e-01 -1.66666666666666324348e-01)))
  (local.set $s (f64x2.add (local.get $r) (f64x2.mul (f64x2.mul (local.get $z) (local.get $r)) (local.get $s))))
  ;; cos r = w + ((1 − w) − z/2 + z²·(C1 + z·(C2 + … + z·C6))), w = 1 − z/2
  (local.set $c (f64x2.add (f64x2.mul (local.get $z) (v128.const f64x2 -1.13596475577881948265e-11 -1.13596475577881948265e-11)) (v128.const f64x2 2.08757232129817482790e-09 2.08757232129817482790e-09)))
  (local.set $c (f64x2.add (f64x2.mul (local.get $z) (local.get $c)) (v128.const f64x2 -2.75573143513906633035e-07 -2.75573143513906633035e-07)))
  (local.set $c (f64x2.add (f64x2.mul (local.get $z) (local.get $c)) (v128.const f64x2 2.48015872894767294178e-05 2.48015872894767294178e-05)))
  (local.set $c (f64x2.add (f64x2.mul (local.get $z) (local.get $c)) (v128.const f64x2 -1.38888888888741095749e-03 -1.38888888888741095749e-03)))
  (local.set $c (f64x2.add (f64x2.mul (local.get $z) (local.get $c)) (v128.const f64x2 4.16666666666666019037e-02 4.16666666666666019037e-02)))
  (local.set $c (f64x2.mul (f64x2.mul (local.get $z) (local.get $z)) (local.get $c)))
  (local.set $w (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $z) (v128.const f64x2 0.5 0.5))))
  (local.set $c (f64x2.add (local.get $w) (f64x2.add (f64x2.sub (f64x2.sub (v128.const f64x2 1 1) (local.get $w)) (f64x2.mul (local.get $z) (v128.const f64x2 0.5 0.5))) (local.get $c))))
  ;; odd quadrants take the cosine, quadrants 2 and 3 the negation
  (local.set $s (v128.bitselect (local.get $c) (local.get $s) (i64x2.ne (v128.and (local.get $q) (v128.const i64x2 1 1)) (v128.const i64x2 0 0))))
  (local.set $s (v128.xor (local.get $s) (i64x2.shl (v128.and (local.get $q) (v128.const i64x2 2 2)) (i32.const 62))))
  ;; sin ±0 = ±0 (the reduction turns −0 into +0)
  (if (result v128) (local.get $cos)
    (then (local.get $s))
    (else (v128.bitselect (local.get $x) (local.get $s) (f64x2.eq (local.get $x) (v128.const f64x2 0 0))))))

;; op(x) of two float64 lanes: 21 sin, 22 cos, 23 erf (erf.wat).
(func $f64_lanes (param $op i32) (param $x v128) (result v128)
  (if (result v128) (i32.eq (local.get $op) (i32.const 23))
    (then (call $erf_f64x2 (local.get $x)))
    (else (call $sincos_f64x2 (local.get $x) (i32.eq (local.get $op) (i32.const 22))))))

;; out[i] = op(a[i]) for a row of n floats (ops 21 to 23); 1 when sin or cos met some |a[i]| > 2^18 (its
;; result is then not valid).
(func $trig_row (param $op i32) (param $a i32) (param $o i32) (param $n i32) (result i32)
  (local $e i32) (local $x v128) (local $big v128)
  (local.set $e (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
  (block $vd
    (loop $v2
      (br_if $vd (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $x (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))))
      (local.set $big (v128.or (local.get $big) (f64x2.gt (f64x2.abs (local.get $x)) (v128.const f64x2 262144 262144))))
      (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero (call $f64_lanes (local.get $op) (local.get $x))))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $v2)))
  (if (i32.and (local.get $n) (i32.const 1))
    (then
      (local.set $x (f64x2.splat (f64.promote_f32 (f32.load (local.get $a)))))
      (local.set $big (v128.or (local.get $big) (f64x2.gt (f64x2.abs (local.get $x)) (v128.const f64x2 262144 262144))))
      (f32.store (local.get $o) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero (call $f64_lanes (local.get $op) (local.get $x)))))))
  (i32.and (v128.any_true (local.get $big)) (i32.ne (local.get $op) (i32.const 23))))
