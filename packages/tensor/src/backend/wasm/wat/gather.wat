;; dst (row-major) = the d0 × d1 float32 view at src with element strides s0, s1: a transposed or
;; permuted operand (a linear layer's weight gradient, which arrives transposed) made dense for a kernel
;; that reads rows, in place of a gather on the host. Loads and stores copy the bits, NaN payloads too.
;; Rows of stride 1 are one memory.copy each.
(func (export "gather_f32") (param $src i32) (param $d0 i32) (param $d1 i32) (param $s0 i32) (param $s1 i32) (param $dst i32)
  (local $i i32) (local $p i32) (local $e i32) (local $row i32)
  (local.set $s0 (i32.shl (local.get $s0) (i32.const 2)))
  (local.set $s1 (i32.shl (local.get $s1) (i32.const 2)))
  (local.set $row (i32.shl (local.get $d1) (i32.const 2)))
  (block $done
    (loop $rows
      (br_if $done (i32.ge_s (local.get $i) (local.get $d0)))
      (local.set $p (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $s0))))
      (if (i32.eq (local.get $s1) (i32.const 4))
        (then (memory.copy (local.get $dst) (local.get $p) (local.get $row)))
        (else
          (local.set $e (i32.add (local.get $dst) (local.get $row)))
          (block $rd
            (loop $cols
              (br_if $rd (i32.ge_u (local.get $dst) (local.get $e)))
              (f32.store (local.get $dst) (f32.load (local.get $p)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
              (local.set $p (i32.add (local.get $p) (local.get $s1)))
              (br $cols)))
          (local.set $dst (i32.sub (local.get $dst) (local.get $row)))))
      (local.set $dst (i32.add (local.get $dst) (local.get $row)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows))))
