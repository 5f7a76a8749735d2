;; relu's gradient (backend `reluBackward`): out = dy · [x ≰ 0] over contiguous float32 runs, the
;; composite's multiply by a 0/1 mask, so its bits (0·∞ is NaN, −g·0 is −0, as there). The output block
;; is 64-byte aligned and padded: the last group of four lanes may run past n.
;;
;; Descriptor (i32 words): 0 kind, 1 elements, 2 dy, 3 x, 4 out, 5 elements per part (a multiple of 4).

(func $task_relu_bwd (param $d i32) (param $part i32) (param $tid i32)
  (local $i i32) (local $end i32) (local $dy i32) (local $x i32) (local $o i32) (local $one v128) (local $zero v128)
  (local.set $i (i32.shl (i32.mul (local.get $part) (i32.load offset=20 (local.get $d))) (i32.const 2)))
  (local.set $end (i32.add (local.get $i) (i32.shl (i32.load offset=20 (local.get $d)) (i32.const 2))))
  (if (i32.gt_u (local.get $end) (i32.shl (i32.load offset=4 (local.get $d)) (i32.const 2)))
    (then (local.set $end (i32.shl (i32.load offset=4 (local.get $d)) (i32.const 2)))))
  (local.set $dy (i32.load offset=8 (local.get $d)))
  (local.set $x (i32.load offset=12 (local.get $d)))
  (local.set $o (i32.load offset=16 (local.get $d)))
  (local.set $one (f32x4.splat (f32.const 1)))
  (local.set $zero (f32x4.splat (f32.const 0)))
  (block $done
    (loop $v4
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (v128.store (i32.add (local.get $o) (local.get $i))
        (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $i)))
          (v128.andnot (local.get $one) (f32x4.le (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $zero)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $v4))))
