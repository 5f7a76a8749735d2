;; Column sums: out[k] = Σ_j x[j·rs + k] for j = 0, 1, …, rows − 1 in that order, accumulated in float64
;; (as the TypeScript loop does, so the bits are the same). Rows are read whole, two floats per f64x2
;; lane pair: the sum over a leading axis (a bias gradient over [T·N, C]) no longer walks columns with
;; a row-sized stride. `acc` is scratch for cols float64s. Called on one thread (memory-bound, and the
;; bits do not depend on any split).
(func (export "col_sum") (param $x i32) (param $rows i32) (param $cols i32) (param $rs i32) (param $acc i32) (param $out i32)
  (local $k i32) (local $p i32) (local $a i32) (local $e i32) (local $pairs i32)
  (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $cols) (i32.const 3)))
  (local.set $pairs (i32.and (local.get $cols) (i32.const -2)))
  (local.set $rs (i32.shl (local.get $rs) (i32.const 2)))
  (block $done
    (loop $row
      (br_if $done (i32.eqz (local.get $rows)))
      (local.set $p (local.get $x))
      (local.set $a (local.get $acc))
      (local.set $e (i32.add (local.get $x) (i32.shl (local.get $pairs) (i32.const 2))))
      (block $pd
        (loop $pair
          (br_if $pd (i32.ge_u (local.get $p) (local.get $e)))
          (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (br $pair)))
      (if (i32.and (local.get $cols) (i32.const 1))
        (then (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.promote_f32 (f32.load (local.get $p)))))))
      (local.set $x (i32.add (local.get $x) (local.get $rs)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $row)))
  (local.set $k (i32.const 0))
  (block $wd
    (loop $write
      (br_if $wd (i32.ge_u (local.get $k) (local.get $cols)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2)))
        (f32.demote_f64 (f64.load (i32.add (local.get $acc) (i32.shl (local.get $k) (i32.const 3))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $write))))
