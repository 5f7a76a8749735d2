;; Single-precision GEMM, C[M,N] (+)= A[M,K]·B[K,N], after Goto and van de Geijn: B is packed into
;; KC×NC panels of 8-column slivers, A into MC×KC blocks of 4-row slivers, and a 4×8 register tile
;; (eight f32x4 accumulators, gemm-macro.wat) does the arithmetic. Packing reads any strides, so
;; transposed and broadcast operands cost nothing extra. Addresses are bytes; strides are elements.
;; 4×8 is the largest tile whose accumulators, two B vectors, the A broadcast and one product
;; fit in the 15 vector registers V8 allocates on x64 (6×8 would need 16).

(global $MC i32 (i32.const 128))
(global $KC i32 (i32.const 256))
(global $NC i32 (i32.const 2048))
;; When set, B is not a matrix in memory but the im2col of a convolution input, packed straight from
;; the (padded) planes by $pack_b_im2col (conv.wat): the unrolled matrix is never written out.
(global $b_im2col (mut i32) (i32.const 0))
;; Byte address of the control word (Ctl.GemmFast, worker-source.ts) that is non-zero when the host
;; has supplied the fused multiply-add macro-kernel as the import $macro_fast (runtime.ts).
(global $GEMM_FAST_AT i32 (i32.const 104))

;; Bytes of workspace one gemm call needs: the A block, the B panel and a 4×8 edge tile.
(func $gemm_workspace (export "gemm_workspace") (result i32)
  (i32.shl
    (i32.add (i32.add (i32.mul (global.get $MC) (global.get $KC)) (i32.mul (global.get $KC) (global.get $NC))) (i32.const 32))
    (i32.const 2)))

;; B panel, kc×nc from b (element (k, j) at b + 4·(k·rs + j·cs)), into dst as slivers of 8 columns:
;; dst[(j/8)·kc·8 + k·8 + j%8], the last sliver zero-padded.
(func $pack_b (param $b i32) (param $rs i32) (param $cs i32) (param $kc i32) (param $nc i32) (param $dst i32)
  (local $j i32) (local $k i32) (local $w i32) (local $src i32) (local $jj i32) (local $p i32) (local $k4 i32)
  (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
  (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
  (local.set $rs (i32.shl (local.get $rs) (i32.const 2)))
  (local.set $cs (i32.shl (local.get $cs) (i32.const 2)))
  (block $done
    (loop $slivers
      (br_if $done (i32.ge_s (local.get $j) (local.get $nc)))
      (local.set $w (i32.sub (local.get $nc) (local.get $j)))
      (local.set $src (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $cs))))
      (local.set $k (local.get $kc))
      (if (i32.and (i32.ge_s (local.get $w) (i32.const 8)) (i32.eq (local.get $cs) (i32.const 4)))
        (then
          (loop $rows
            (v128.store (local.get $dst) (v128.load (local.get $src)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $src (i32.add (local.get $src) (local.get $rs)))
            (br_if $rows (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
        (else
          (if (i32.gt_s (local.get $w) (i32.const 8)) (then (local.set $w (i32.const 8))))
          (if (i32.and (i32.eq (local.get $w) (i32.const 8)) (i32.eq (local.get $rs) (i32.const 4)))
            (then
              ;; a transposed operand (k contiguous): 4 k at a time from each of the 8 rows, two 4×4 transposes
              (local.set $k4 (i32.shr_u (local.get $kc) (i32.const 2)))
              (if (local.get $k4)
                (then
                  (loop $quads
                    (local.set $p (local.get $src))
                    (local.set $r0 (v128.load (local.get $p)))
                    (local.set $r1 (v128.load (local.tee $p (i32.add (local.get $p) (local.get $cs)))))
                    (local.set $r2 (v128.load (local.tee $p (i32.add (local.get $p) (local.get $cs)))))
                    (local.set $r3 (v128.load (local.tee $p (i32.add (local.get $p) (local.get $cs)))))
              (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
              (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
              (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
              (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
              (local.set $c0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
              (local.set $c1 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
              (local.set $c2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
              (local.set $c3 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3)))
                    (local.set $r0 (v128.load (local.tee $p (i32.add (local.get $p) (local.get $cs)))))
                    (local.set $r1 (v128.load (local.tee $p (i32.add (local.get $p) (local.get $cs)))))
                    (local.set $r2 (v128.load (local.tee $p (i32.add (local.get $p) (local.get $cs)))))
                    (local.set $r3 (v128.load (local.tee $p (i32.add (local.get $p) (local.get $cs)))))
                    (v128.store (local.get $dst) (local.get $c0))
                    (v128.store offset=32 (local.get $dst) (local.get $c1))
                    (v128.store offset=64 (local.get $dst) (local.get $c2))
                    (v128.store offset=96 (local.get $dst) (local.get $c3))
              (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
              (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
              (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
              (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
              (local.set $c0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
              (local.set $c1 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
              (local.set $c2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
              (local.set $c3 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3)))
                    (v128.store offset=16 (local.get $dst) (local.get $c0))
                    (v128.store offset=48 (local.get $dst) (local.get $c1))
                    (v128.store offset=80 (local.get $dst) (local.get $c2))
                    (v128.store offset=112 (local.get $dst) (local.get $c3))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 128)))
                    (local.set $src (i32.add (local.get $src) (i32.const 16)))
                    (br_if $quads (local.tee $k4 (i32.sub (local.get $k4) (i32.const 1)))))))
              (local.set $k (i32.and (local.get $kc) (i32.const 3)))))
          (if (local.get $k) (then
          (loop $rows
            (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
            (v128.store offset=16 (local.get $dst) (v128.const i32x4 0 0 0 0))
            (local.set $jj (i32.const 0))
            (local.set $p (local.get $src))
            (loop $lanes
              (f32.store (i32.add (local.get $dst) (i32.shl (local.get $jj) (i32.const 2))) (f32.load (local.get $p)))
              (local.set $p (i32.add (local.get $p) (local.get $cs)))
              (br_if $lanes (i32.lt_s (local.tee $jj (i32.add (local.get $jj) (i32.const 1))) (local.get $w))))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $src (i32.add (local.get $src) (local.get $rs)))
            (br_if $rows (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))))))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br $slivers))))

;; A block, mc×kc from a (element (i, k) at a + 4·(i·rs + k·cs)), into dst as slivers of 4 rows:
;; dst[(i/4)·kc·4 + k·4 + i%4], the last sliver zero-padded.
(func $pack_a (param $a i32) (param $rs i32) (param $cs i32) (param $mc i32) (param $kc i32) (param $dst i32)
  (local $i i32) (local $k i32) (local $h i32) (local $src i32) (local $ii i32) (local $p i32) (local $k4 i32)
  (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
  (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
  (local.set $rs (i32.shl (local.get $rs) (i32.const 2)))
  (local.set $cs (i32.shl (local.get $cs) (i32.const 2)))
  (block $done
    (loop $slivers
      (br_if $done (i32.ge_s (local.get $i) (local.get $mc)))
      (local.set $h (i32.sub (local.get $mc) (local.get $i)))
      (local.set $src (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rs))))
      (local.set $k (local.get $kc))
      (if (i32.ge_s (local.get $h) (i32.const 4))
        (then
          (if (i32.eq (local.get $rs) (i32.const 4))
            (then
              ;; column-major A (a transposed operand): four rows are one vector
              (loop $cols
                (v128.store (local.get $dst) (v128.load (local.get $src)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (local.set $src (i32.add (local.get $src) (local.get $cs)))
                (br_if $cols (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
            (else
              (if (i32.eq (local.get $cs) (i32.const 4))
                (then
                  ;; row-major A: 4 k at a time from each row, one 4×4 transpose
                  (local.set $k4 (i32.shr_u (local.get $kc) (i32.const 2)))
                  (if (local.get $k4)
                    (then
                      (loop $quads
                        (local.set $p (local.get $src))
                        (local.set $r0 (v128.load (local.get $p)))
                        (local.set $r1 (v128.load (local.tee $p (i32.add (local.get $p) (local.get $rs)))))
                        (local.set $r2 (v128.load (local.tee $p (i32.add (local.get $p) (local.get $rs)))))
                        (local.set $r3 (v128.load (local.tee $p (i32.add (local.get $p) (local.get $rs)))))
                  (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
                  (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
                  (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
                  (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
                  (local.set $c0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
                  (local.set $c1 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
                  (local.set $c2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
                  (local.set $c3 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3)))
                        (v128.store (local.get $dst) (local.get $c0))
                        (v128.store offset=16 (local.get $dst) (local.get $c1))
                        (v128.store offset=32 (local.get $dst) (local.get $c2))
                        (v128.store offset=48 (local.get $dst) (local.get $c3))
                        (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
                        (local.set $src (i32.add (local.get $src) (i32.const 16)))
                        (br_if $quads (local.tee $k4 (i32.sub (local.get $k4) (i32.const 1)))))))
                  (local.set $k (i32.and (local.get $kc) (i32.const 3)))))
              (if (local.get $k) (then
              (loop $cols
                (f32.store (local.get $dst) (f32.load (local.get $src)))
                (local.set $p (i32.add (local.get $src) (local.get $rs)))
                (f32.store offset=4 (local.get $dst) (f32.load (local.get $p)))
                (local.set $p (i32.add (local.get $p) (local.get $rs)))
                (f32.store offset=8 (local.get $dst) (f32.load (local.get $p)))
                (local.set $p (i32.add (local.get $p) (local.get $rs)))
                (f32.store offset=12 (local.get $dst) (f32.load (local.get $p)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (local.set $src (i32.add (local.get $src) (local.get $cs)))
                (br_if $cols (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))))))
        (else
          (loop $cols
            (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
            (local.set $ii (i32.const 0))
            (local.set $p (local.get $src))
            (loop $lanes
              (f32.store (i32.add (local.get $dst) (i32.shl (local.get $ii) (i32.const 2))) (f32.load (local.get $p)))
              (local.set $p (i32.add (local.get $p) (local.get $rs)))
              (br_if $lanes (i32.lt_s (local.tee $ii (i32.add (local.get $ii) (i32.const 1))) (local.get $h))))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (local.set $src (i32.add (local.get $src) (local.get $cs)))
            (br_if $cols (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $slivers))))

;; C[M,N] (row stride ldc elements) = A·B, or C + A·B when acc ≠ 0. ws: gemm_workspace() bytes.
(func $gemm (export "gemm")
  (param $M i32) (param $N i32) (param $K i32)
  (param $a i32) (param $ars i32) (param $acs i32)
  (param $b i32) (param $brs i32) (param $bcs i32)
  (param $c i32) (param $ldc i32) (param $acc i32) (param $ws i32)
  (local $jc i32) (local $pc i32) (local $ic i32) (local $nc i32) (local $kc i32) (local $mc i32)
  (local $pb i32) (local $edge i32) (local $add i32) (local $cp i32) (local $ldcb i32) (local $i i32)
  (if (i32.or (i32.le_s (local.get $M) (i32.const 0)) (i32.le_s (local.get $N) (i32.const 0))) (then (return)))
  (local.set $ldcb (i32.shl (local.get $ldc) (i32.const 2)))
  (if (i32.le_s (local.get $K) (i32.const 0))
    (then
      (if (i32.eqz (local.get $acc))
        (then
          (loop $zi
            (memory.fill (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldcb))) (i32.const 0) (i32.shl (local.get $N) (i32.const 2)))
            (br_if $zi (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $M))))))
      (return)))
  (local.set $pb (i32.add (local.get $ws) (i32.shl (i32.mul (global.get $MC) (global.get $KC)) (i32.const 2))))
  (local.set $edge (i32.add (local.get $pb) (i32.shl (i32.mul (global.get $KC) (global.get $NC)) (i32.const 2))))
  (loop $Lj
    (local.set $nc (select (global.get $NC) (i32.sub (local.get $N) (local.get $jc)) (i32.lt_s (global.get $NC) (i32.sub (local.get $N) (local.get $jc)))))
    (local.set $pc (i32.const 0))
    (loop $Lp
      (local.set $kc (select (global.get $KC) (i32.sub (local.get $K) (local.get $pc)) (i32.lt_s (global.get $KC) (i32.sub (local.get $K) (local.get $pc)))))
      ;; the first K panel overwrites C (unless acc), later ones accumulate
      (local.set $add (i32.or (local.get $acc) (i32.gt_s (local.get $pc) (i32.const 0))))
      (if (global.get $b_im2col)
        (then (call $pack_b_im2col (local.get $pc) (local.get $kc) (local.get $jc) (local.get $nc) (local.get $pb) (local.get $edge)))
        (else
      (call $pack_b
        (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $pc) (local.get $brs)) (i32.mul (local.get $jc) (local.get $bcs))) (i32.const 2)))
        (local.get $brs) (local.get $bcs) (local.get $kc) (local.get $nc) (local.get $pb))))
      (local.set $ic (i32.const 0))
      (loop $Li
        (local.set $mc (select (global.get $MC) (i32.sub (local.get $M) (local.get $ic)) (i32.lt_s (global.get $MC) (i32.sub (local.get $M) (local.get $ic)))))
        (call $pack_a
          (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $ic) (local.get $ars)) (i32.mul (local.get $pc) (local.get $acs))) (i32.const 2)))
          (local.get $ars) (local.get $acs) (local.get $mc) (local.get $kc) (local.get $ws))
        (local.set $cp (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $ic) (local.get $ldc)) (local.get $jc)) (i32.const 2))))
        (if (i32.load (global.get $GEMM_FAST_AT))
          (then (call $macro_fast (local.get $mc) (local.get $nc) (local.get $kc) (local.get $ws) (local.get $pb) (local.get $cp) (local.get $ldcb) (local.get $add) (local.get $edge)))
          (else (call $macro (local.get $mc) (local.get $nc) (local.get $kc) (local.get $ws) (local.get $pb) (local.get $cp) (local.get $ldcb) (local.get $add) (local.get $edge))))
        (br_if $Li (i32.lt_s (local.tee $ic (i32.add (local.get $ic) (global.get $MC))) (local.get $M))))
      (br_if $Lp (i32.lt_s (local.tee $pc (i32.add (local.get $pc) (global.get $KC))) (local.get $K))))
    (br_if $Lj (i32.lt_s (local.tee $jc (i32.add (local.get $jc) (global.get $NC))) (local.get $N)))))

;; n floats from src to dst (non-overlapping), four lanes at a time. Inline loops: V8 lowers
;; memory.copy and memory.fill to calls, which cost more than the short rows they move here.
(func $copy_f32 (param $dst i32) (param $src i32) (param $n i32)
  (local $end i32)
  (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
  (block $v4done
    (loop $v4
      (br_if $v4done (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
      (v128.store (local.get $dst) (v128.load (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (br $v4)))
  (block $done
    (loop $one
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (f32.store (local.get $dst) (f32.load (local.get $src)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (br $one))))

;; n zero floats at dst.
(func $zero_f32 (param $dst i32) (param $n i32)
  (local $end i32)
  (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
  (block $v4done
    (loop $v4
      (br_if $v4done (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
      (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br $v4)))
  (block $done
    (loop $one
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (f32.store (local.get $dst) (f32.const 0))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (br $one))))
