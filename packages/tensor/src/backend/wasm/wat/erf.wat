;; erf (unary op 23, rows through $trig_row) in float64 lanes, the TypeScript loop's algorithm lane by
;; lane: the series erf z = 2/√π · e^−z² · Σ z·(2z²)^n / (1·3·…·(2n+1)), each lane adding terms until its
;; own term falls below 1e−17 of its sum (at most 199), ±1 from |x| ≥ 6, NaN kept. Only e^−z² differs
;; ($exp_f64x2, relative error < 1e−14), so the float32 result is the loop's but where the value lies
;; within about 1e−14 of a float32 rounding boundary.
(func $erf_f64x2 (param $x v128) (result v128)
  (local $z v128) (local $z2 v128) (local $term v128) (local $sum v128) (local $next v128) (local $active v128) (local $n f64) (local $r v128)
  (local.set $z (f64x2.abs (local.get $x)))
  (local.set $z2 (f64x2.mul (local.get $z) (local.get $z)))
  (local.set $term (local.get $z))
  (local.set $sum (local.get $z))
  (local.set $active (v128.and (f64x2.lt (local.get $z) (v128.const f64x2 6 6))
    (f64x2.gt (local.get $term) (f64x2.mul (local.get $sum) (v128.const f64x2 1e-17 1e-17)))))
  (local.set $n (f64.const 1))
  (block $done
    (loop $Ln
      (br_if $done (i32.or (f64.ge (local.get $n) (f64.const 200)) (i32.eqz (v128.any_true (local.get $active)))))
      (local.set $next (f64x2.mul (local.get $term)
        (f64x2.div (f64x2.mul (v128.const f64x2 2 2) (local.get $z2)) (f64x2.splat (f64.add (f64.mul (f64.const 2) (local.get $n)) (f64.const 1))))))
      (local.set $term (v128.bitselect (local.get $next) (local.get $term) (local.get $active)))
      (local.set $sum (v128.bitselect (f64x2.add (local.get $sum) (local.get $next)) (local.get $sum) (local.get $active)))
      (local.set $n (f64.add (local.get $n) (f64.const 1)))
      (local.set $active (v128.and (local.get $active) (f64x2.gt (local.get $term) (f64x2.mul (local.get $sum) (v128.const f64x2 1e-17 1e-17)))))
      (br $Ln)))
  (local.set $r (f64x2.mul (f64x2.mul (v128.const f64x2 1.1283791670955126 1.1283791670955126)
    (call $exp_f64x2 (f64x2.neg (local.get $z2)))) (local.get $sum)))
  (local.set $r (v128.bitselect (f64x2.neg (local.get $r)) (local.get $r) (f64x2.lt (local.get $x) (v128.const f64x2 0 0))))
  ;; |x| ≥ 6: sign(x); NaN: x
  (local.set $r (v128.bitselect
    (v128.or (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000)) (v128.const f64x2 1 1))
    (local.get $r) (f64x2.ge (local.get $z) (v128.const f64x2 6 6))))
  (v128.bitselect (local.get $x) (local.get $r) (f64x2.ne (local.get $x) (local.get $x))))
