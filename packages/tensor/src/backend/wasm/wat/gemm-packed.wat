;; The GEMM with B packed beforehand, once for every call that multiplies by the same matrix (a
;; recurrent layer's W_hh, 64 times a sequence; packed-b.ts caches it). The whole K×N matrix is laid
;; out as $gemm packs one panel, slab after slab: rows pc … pc + kc − 1 (kc = KC, the last slab
;; shorter) at packed + 4·pc·Np (Np = N rounded up to 8) as 8-column slivers of kc × 8, the last one
;; zero-padded. Sliver s of a slab starts 4·8·s·kc bytes in, so a part of the columns that starts on
;; a multiple of 8 (every thread split does) finds its panels in place and packs only A.

;; Packs all of B (element (k, j) at b + 4·(k·rs + j·cs)) into dst in the layout above.
(func $pack_b_whole (export "pack_b_whole") (param $b i32) (param $rs i32) (param $cs i32) (param $K i32) (param $N i32) (param $dst i32)
  (local $pc i32) (local $kc i32) (local $np i32)
  (local.set $np (i32.and (i32.add (local.get $N) (i32.const 7)) (i32.const -8)))
  (block $done
    (loop $Lp
      (br_if $done (i32.ge_s (local.get $pc) (local.get $K)))
      (local.set $kc (select (global.get $KC) (i32.sub (local.get $K) (local.get $pc)) (i32.lt_s (global.get $KC) (i32.sub (local.get $K) (local.get $pc)))))
      (call $pack_b (i32.add (local.get $b) (i32.shl (i32.mul (local.get $pc) (local.get $rs)) (i32.const 2)))
        (local.get $rs) (local.get $cs) (local.get $kc) (local.get $N)
        (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $pc) (local.get $np)) (i32.const 2))))
      (local.set $pc (i32.add (local.get $pc) (global.get $KC)))
      (br $Lp))))

;; C[M,N] (row stride ldc elements) = A·B[:, j0 … j0 + N − 1] for B packed whole (Np columns padded),
;; j0 a multiple of 8. Same blocking, order of sums and so bits as $gemm. ws: gemm_workspace() bytes.
(func $gemm_packed
  (param $M i32) (param $N i32) (param $K i32)
  (param $a i32) (param $ars i32) (param $acs i32)
  (param $packed i32) (param $np i32) (param $j0 i32)
  (param $c i32) (param $ldc i32) (param $ws i32)
  (local $jc i32) (local $pc i32) (local $ic i32) (local $nc i32) (local $kc i32) (local $mc i32)
  (local $pb i32) (local $edge i32) (local $add i32) (local $cp i32) (local $ldcb i32)
  (if (i32.or (i32.le_s (local.get $M) (i32.const 0)) (i32.or (i32.le_s (local.get $N) (i32.const 0)) (i32.le_s (local.get $K) (i32.const 0))))
    (then (return)))
  (local.set $ldcb (i32.shl (local.get $ldc) (i32.const 2)))
  (local.set $edge (i32.add (local.get $ws) (i32.shl (i32.add (i32.mul (global.get $MC) (global.get $KC)) (i32.mul (global.get $KC) (global.get $NC))) (i32.const 2))))
  (loop $Lj
    (local.set $nc (select (global.get $NC) (i32.sub (local.get $N) (local.get $jc)) (i32.lt_s (global.get $NC) (i32.sub (local.get $N) (local.get $jc)))))
    (local.set $pc (i32.const 0))
    (loop $Lp
      (local.set $kc (select (global.get $KC) (i32.sub (local.get $K) (local.get $pc)) (i32.lt_s (global.get $KC) (i32.sub (local.get $K) (local.get $pc)))))
      (local.set $add (i32.gt_s (local.get $pc) (i32.const 0)))
      (local.set $pb (i32.add (local.get $packed)
        (i32.shl (i32.add (i32.mul (local.get $pc) (local.get $np)) (i32.mul (i32.add (local.get $j0) (local.get $jc)) (local.get $kc))) (i32.const 2))))
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
