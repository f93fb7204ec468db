#!/usr/bin/env python3
"""Write the command-line cases (argument errors and help invocations) into cases/.

Each argument vector becomes two conformance cases, recorded from the reference with the
conformance recorder:

* ``s_NAME``: the arguments as an invocation line of a script (``NAME.dgen``);
* ``c_NAME``: the same arguments as a plain command (``dgenerate --no-stdin ARGS``: the
  ``NAME.args`` file holds them, the ``NAME.stdin`` marker keeps ``--file`` away).

Regenerate and record (from the repository root):

    python3 Tests/ConfigLanguageTests/Fixtures/cli/make_cases.py
    ~/.cache/dgenerate-reference/bin/python Tests/ConfigLanguageTests/Fixtures/conformance/record.py \
        --dir Tests/ConfigLanguageTests/Fixtures/cli/cases -j 2

Every case stops while the arguments are parsed or at a help invocation: none loads a model.
"""
import json
import os
import shlex

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, 'cases')
options = json.load(open(os.path.join(here, 'options.json'), encoding='utf-8'))

MODEL = 'some/model'
cases = []


def case(name, args):
    cases.append((name, args))


# a value each checked type refuses
BAD = {'_type_image_coordinate': 'a,b'}
ACCEPTS_ANY = {None, 'str', '_type_main_prompts', '_type_secondary_prompts', '_type_text_encoder',
               '_type_adetailer_class_filter_value'}
NON_NEGATIVE = {'_type_clip_skip', '_type_frame_start', '_type_frame_end', '_type_upscaler_noise_levels',
                '_type_adetailer_mask_blur', '_type_adetailer_mask_dilation', '_type_inpaint_crop_feather',
                '_type_ras_skip_num_step_length', '_type_deep_cache_branch_id', '_type_sada_max_downsamples',
                '_type_sada_sxs', '_type_sada_sys', '_type_sada_lagrange_terms', '_type_sada_max_fixes',
                '_type_guidance_scale', '_type_sdxl_high_noise_fractions', '_type_adetailer_index_filter_value'}
POSITIVE = {'_type_inference_steps', '_type_deep_cache_interval', '_type_sada_lagrange_ints',
            '_type_sada_lagrange_steps', '_type_sada_max_intervals', '_type_batch_size', '_type_ras_start_steps',
            '_type_ras_end_steps', '_max_sequence_length'}
FRACTIONS = {'_type_image_seed_strengths', '_type_tea_cache_rel_l1_thresh', '_type_ras_sample_ratio',
             '_type_ras_high_ratio', '_type_ras_starvation_scale', '_type_denoising_fraction', '_type_adapter_factor'}

for option in options:
    if not option['options'] or option['action'] not in ('store', 'set'):
        continue
    flag = option['options'][-1]
    short = option['dest']
    kind = option['type']
    if kind not in ACCEPTS_ANY:
        case(f'bad_{short}', [MODEL, flag, BAD.get(kind, 'x')])
    if kind in NON_NEGATIVE or kind in POSITIVE:
        case(f'negative_{short}', [MODEL, flag, '-1'])
    if kind in POSITIVE:
        case(f'zero_{short}', [MODEL, flag, '0'])
    if kind in FRACTIONS:
        case(f'above_one_{short}', [MODEL, flag, '1.5'])

# a value missing at the end, and before another option
for flag in ['--inference-steps', '--prompts', '--output-size', '--seeds', '--device', '--scheduler',
             '--model-type', '--set', '--sub-command', '--plugin-modules']:
    case('missing' + flag.replace('-', '_'), [MODEL, flag])
case('missing_before_option', [MODEL, '--inference-steps', '--verbose'])
case('missing_one_before_option', [MODEL, '--device', '-v'])

# size limits and forms
case('size_three_dimensions', [MODEL, '--output-size', '8x8x8'])
case('size_zero', [MODEL, '--output-size', '0x512'])
case('size_not_divisible', [MODEL, '--output-size', '500'])
case('size_y_not_divisible', [MODEL, '--output-size', '512x500'])
case('max_sequence_too_long', [MODEL, '--max-sequence-length', '513'])
case('freeu_three', [MODEL, '--freeu-params', '1,2,3'])
case('sada_range_order', [MODEL, '--sada-acc-ranges', '9,4'])
case('sada_range_single', [MODEL, '--sada-acc-ranges', '4'])
case('ras_steps_negative', [MODEL, '--ras-error-reset-steps', '3,-1'])
case('device_cuda_ordinal', [MODEL, '--device', 'cuda:3'])
case('device_cuda', [MODEL, '--device', 'cuda'])
case('seeds_second_bad', [MODEL, '--seeds', '1', 'two'])
case('guidance_list_bad_third', [MODEL, '--guidance-scales', '1', '2', 'x'])
case('prompt_weighter_uri_args', [MODEL, '--prompt-weighter', 'nope;a=1'])

# unknown words
case('unknown_option', [MODEL, '--not-an-option'])
case('unknown_option_value', [MODEL, '--not-an-option=5'])
case('unknown_short', [MODEL, '-zz'])
case('extra_positional', [MODEL, 'second'])
case('extra_positionals_after_option', [MODEL, '--inference-steps', '5', 'x', 'y', '--verbose', 'z'])
case('no_model_option_only', ['--verbose'])
case('no_model_values_taken', ['--prompts', 'a', 'b'])
case('unknown_and_missing_model', ['--nope'])
case('double_dash', [MODEL, '--', '--verbose'])

# explicit values
case('flag_with_value', [MODEL, '--verbose=yes'])
case('flag_with_empty_value', [MODEL, '--verbose='])
case('short_flag_cluster', [MODEL, '-vq'])
case('option_equals_bad', [MODEL, '--inference-steps=x'])
case('short_attached_bad', [MODEL, '-ifsx'])
case('short_equals_bad', [MODEL, '-ifs=x'])

# prefixes of single-dash options
single = sorted({name for o in options for name in o['options'] if not name.startswith('--')})
for prefix in ['-s', '-g', '-i', '-sd', '-ad']:
    case('prefix' + prefix.replace('-', '_'), [MODEL, prefix, 'x'])
case('prefix_unique', [MODEL, '-if', 'x'])

# exclusive groups
case('exclusive_file_shell', [MODEL, '--file', '--shell'])
case('exclusive_seeds', [MODEL, '--seeds', '1', '--gen-seeds', '2'])
case('exclusive_gen_seeds_first', [MODEL, '--gen-seeds', '2', '--seeds', '1'])
case('exclusive_offload', [MODEL, '--model-sequential-offload', '--model-cpu-offload'])
case('exclusive_metadata', [MODEL, '--output-metadata', '--output-auto1111-metadata'])
case('exclusive_controlnet_t2i', [MODEL, '--control-nets', 'a', '--t2i-adapters', 'b'])
case('exclusive_second_offload', [MODEL, '--second-model-cpu-offload', '--second-model-sequential-offload'])
case('exclusive_strengths', [MODEL, '--image-seed-strengths', '0.5', '--upscaler-noise-levels', '5'])

# help family with other arguments
case('templates_help_unknown', ['--templates-help', '--nope'])
case('functions_help_bad_value', ['--functions-help', 'csv', '--inference-steps', 'x'])
case('directives_help_unknown_with_model', [MODEL, '--directives-help', '--nope'])
case('templates_help_bad_device', ['--templates-help', 'last_seeds', '--device', 'x'])
case('version', ['--version'])
case('version_with_model', [MODEL, '--version'])

# the checks of a parsed command line (RenderLoopConfig.check), each failing once
checks = {
    'help_scheduler_multi': ['--scheduler', 'help', 'EulerDiscreteScheduler'],
    'help_text_encoder_multi': ['--text-encoders', 'help', 'x'],
    'help_second_scheduler_multi': ['--model-type', 'sdxl', '--sdxl-refiner', 'r', '--second-model-scheduler', 'help', 'x'],
    'quantizer_map_alone': ['--quantizer-map', 'unet'],
    'second_quantizer_map_alone': ['--model-type', 'sdxl', '--second-model-quantizer-map', 'unet'],
    'tea_cache_sd': ['--tea-cache'],
    'tea_cache_threshold_sd': ['--tea-cache-rel-l1-thresholds', '0.5'],
    'tea_cache_offload': ['--model-type', 'flux', '--tea-cache', '--model-cpu-offload'],
    'ras_sd': ['--ras'],
    'ras_option_sdxl': ['--model-type', 'sdxl', '--ras-sample-ratios', '0.5'],
    'ras_offload': ['--model-type', 'sd3', '--ras', '--model-cpu-offload'],
    'ras_fusion_sequential': ['--model-type', 'sd3', '--ras-index-fusion', '--model-sequential-offload'],
    'hi_diffusion_flux': ['--model-type', 'flux', '--hi-diffusion'],
    'hi_diffusion_t2i': ['--hi-diffusion', '--t2i-adapters', 'x'],
    'hi_no_win_attn_alone': ['--hi-diffusion-no-win-attn'],
    'hi_no_raunet_alone': ['--hi-diffusion-no-raunet'],
    'sada_sd3': ['--model-type', 'sd3', '--sada'],
    'sada_tea_cache': ['--model-type', 'flux', '--sada', '--tea-cache'],
    'sada_deep_cache': ['--sada', '--deep-cache'],
    'sada_hi_diffusion': ['--sada', '--hi-diffusion'],
    'sada_lagrange_missing': ['--sada', '--sada-lagrange-terms', '1'],
    'sada_lagrange_divisible': ['--sada', '--sada-lagrange-terms', '1', '--sada-lagrange-ints', '4', '--sada-lagrange-steps', '6'],
    'deep_cache_flux': ['--model-type', 'flux', '--deep-cache'],
    'deep_cache_option_sd3': ['--model-type', 'sd3', '--deep-cache-intervals', '3'],
    'freeu_flux': ['--model-type', 'flux', '--freeu-params', '1,1,1,1'],
    'second_model_sd': ['--second-model-inference-steps', '5'],
    'second_model_two_sd': ['--second-model-prompts', 'a', '--second-model-guidance-scales', '5'],
    'second_scheduler_no_refiner': ['--model-type', 'sdxl', '--second-model-scheduler', 'x'],
    'second_text_encoder_no_refiner': ['--model-type', 'sdxl', '--second-model-text-encoders', 'x'],
    'original_config_folder': ['--original-config', 'x.yaml'],
    'second_original_config_no_refiner': ['--model-type', 'sdxl', '--second-model-original-config', 'x.yaml'],
    'second_original_config_refiner_folder': ['--model-type', 'sdxl', '--sdxl-refiner', 'some/refiner', '--second-model-original-config', 'x.yaml'],
    'adetailer_option_alone': ['--adetailer-mask-blurs', '4'],
    'adetailer_two_options': ['--adetailer-mask-blurs', '4', '--adetailer-sizes', '512'],
    'adetailer_flux_kontext': ['--model-type', 'flux-kontext', '--adetailer-detectors', 'x'],
    'adetailer_latents': ['--adetailer-detectors', 'x', '--image-format', 'pt'],
    'inpaint_crop_no_aspect': ['--inpaint-crop', '--no-aspect'],
    'inpaint_crop_no_seeds': ['--inpaint-crop'],
    'inpaint_crop_padding_no_seeds': ['--inpaint-crop-paddings', '32'],
    'inpaint_masked_feathers': ['--image-seeds', 'x', '--inpaint-crop-masked', '--inpaint-crop-feathers', '5'],
    'inpaint_crop_latents': ['--image-seeds', 'x', '--inpaint-crop', '--image-format', 'pt'],
    'ifs_no_seeds': ['--model-type', 'ifs'],
    'upscaler_no_seeds': ['--model-type', 'upscaler-x4'],
    'pix2pix_no_seeds': ['--model-type', 'pix2pix'],
    'flux_fill_no_seeds': ['--model-type', 'flux-fill'],
    'prefix_slash': ['--output-prefix', 'a/b'],
    'prefix_backslash': ['--output-prefix', 'a\\b'],
    'frame_order': ['--frame-start', '5', '--frame-end', '2'],
    'latents_post_png': ['--latents-post-processors', 'scale'],
    'metadata_gif': ['--image-format', 'gif', '--output-metadata'],
    'a1111_metadata_bmp': ['--image-format', 'bmp', '--output-auto1111-metadata'],
    'metadata_latents': ['--image-format', 'pt', '--output-metadata'],
    'frames_no_frames': ['--animation-format', 'frames', '--no-frames'],
    't2i_factors_alone': ['--model-type', 'sdxl', '--sdxl-t2i-adapter-factors', '0.5'],
    'clip_skips_flux': ['--model-type', 'flux', '--clip-skips', '1'],
    'clip_skips_kolors': ['--model-type', 'kolors', '--clip-skips', '1'],
    'grid_latents': ['--image-format', 'pt', '--batch-grid-size', '2x2'],
    'cascade_size': ['--model-type', 's-cascade', '--output-size', '104x104'],
    'decoder_sd': ['--s-cascade-decoder', 'x'],
    'noise_levels_sd': ['--upscaler-noise-levels', '5'],
    'noise_levels_x2': ['--model-type', 'upscaler-x2', '--image-seeds', 'x', '--upscaler-noise-levels', '5'],
    'image_guidance_sd': ['--image-guidance-scales', '1.5'],
    'transformer_sd': ['--transformer', 'x'],
    'sd3_sequence_controlnet': ['--model-type', 'sd3', '--max-sequence-length', '100', '--image-seeds', 'x', '--control-nets', 'y'],
    'sd3_size': ['--model-type', 'sd3', '--output-size', '520x520'],
    'sd3_unet': ['--model-type', 'sd3', '--unet', 'x'],
    'pag_flux': ['--model-type', 'flux', '--pag'],
    'floyd_vae': ['--model-type', 'if', '--vae', 'AutoencoderKL;model=x'],
    'cascade_vae': ['--model-type', 's-cascade', '--vae', 'AutoencoderKL;model=x'],
    'image_encoder_alone': ['--image-encoder', 'x'],
    'flux_kontext_no_seeds': ['--model-type', 'flux-kontext'],
    'sdxl_option_sd': ['--sdxl-aesthetic-scores', '6'],
    'sdxl_two_options_sd': ['--sdxl-aesthetic-scores', '6', '--sdxl-crops-coords-top-left', '0,0'],
    'refiner_option_no_refiner': ['--model-type', 'sdxl', '--sdxl-refiner-pag'],
    'refiner_options_no_refiner': ['--model-type', 'sdxl', '--sdxl-refiner-guidance-rescales', '0.5', '--second-model-inference-steps', '3'],
    'high_noise_no_refiner': ['--model-type', 'sdxl', '--sdxl-high-noise-fractions', '0.8'],
    'if_latents': ['--model-type', 'if', '--image-format', 'pt'],
}
for name, args in checks.items():
    case('check_' + name, [MODEL] + args)

names = []
for name, args in cases:
    for prefix in ('s_', 'c_'):
        base = os.path.join(out, prefix + name)
        names.append(prefix + name)
        if prefix == 's_':
            with open(base + '.dgen', 'w', encoding='utf-8') as f:
                f.write(shlex.join(args) + '\n')
        else:
            open(base + '.dgen', 'w').close()
            open(base + '.stdin', 'w').close()
            with open(base + '.args', 'w', encoding='utf-8') as f:
                f.write('\n'.join(['--no-stdin'] + args) + '\n')
print(f'{len(cases)} argument vectors, {len(names)} cases in {out}')
