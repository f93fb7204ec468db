#!/usr/bin/env python3
"""Record diffusers' schedulers for the engine's scheduler tests.

How to rerun (from the repository root, with the reference's Python, which has diffusers 0.35.1
and torch):

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/schedulers/record_schedulers.py

For two scheduler configurations (the tiny test model's, and Stable Diffusion 1.5's), each
scheduler as dgenerate builds it (``Class.from_config(model_scheduler_config, **uri_args)``)
and several step counts, it writes ``schedulers.json`` with:

* ``timesteps``, ``sigmas`` (where the scheduler has them) and ``init_noise_sigma``;
* a whole denoising loop on a small sample: at each step the scaled model input, the noise an
  ancestral (or DDPM) step draws, and the sample the step returns. The model output is a fixed function
  of the sample and the timestep (``0.3 * x + 0.001 * t``), so the loop needs no model.
"""
import json
import os

import torch
import diffusers

HERE = os.path.dirname(os.path.abspath(__file__))

CONFIGS = {
    'tiny': dict(beta_start=0.0001, beta_end=0.02, beta_schedule='linear', num_train_timesteps=1000,
                 prediction_type='epsilon', set_alpha_to_one=False, skip_prk_steps=True, steps_offset=1,
                 timestep_spacing='leading', trained_betas=None),
    'sd15': dict(beta_start=0.00085, beta_end=0.012, beta_schedule='scaled_linear', num_train_timesteps=1000,
                 prediction_type='epsilon', set_alpha_to_one=False, skip_prk_steps=True, steps_offset=1,
                 clip_sample=False, timestep_spacing='leading', trained_betas=None),
}
SCHEDULERS = [
    ('EulerDiscreteScheduler', {}),
    ('EulerDiscreteScheduler', {'use_karras_sigmas': True}),
    ('EulerAncestralDiscreteScheduler', {}),
    ('DDIMScheduler', {}),
    ('PNDMScheduler', {}),
    ('DPMSolverMultistepScheduler', {}),
    ('DPMSolverMultistepScheduler', {'use_karras_sigmas': True}),
    ('LMSDiscreteScheduler', {}),
    ('LMSDiscreteScheduler', {'use_karras_sigmas': True}),
    ('HeunDiscreteScheduler', {}),
    ('HeunDiscreteScheduler', {'use_karras_sigmas': True}),
    ('DDPMScheduler', {}),
    ('KDPM2DiscreteScheduler', {}),
    ('KDPM2DiscreteScheduler', {'use_karras_sigmas': True}),
    ('EulerDiscreteScheduler', {'use_exponential_sigmas': True}),
    ('LCMScheduler', {}),
    ('EDMEulerScheduler', {}),
    ('DEISMultistepScheduler', {}),
    ('DPMSolverSinglestepScheduler', {}),
    ('UniPCMultistepScheduler', {}),
    ('UniPCMultistepScheduler', {'use_karras_sigmas': True}),
    ('EulerDiscreteScheduler', {'use_beta_sigmas': True}),
]
STEPS = [1, 2, 3, 10, 30]


def floats(t):
    return [float(v) for v in torch.as_tensor(t).flatten().tolist()]


cases = []
for config_name, config in CONFIGS.items():
    base = diffusers.PNDMScheduler.from_config(config)
    for class_name, args in SCHEDULERS:
        for steps in STEPS:
            scheduler = getattr(diffusers, class_name).from_config(base.config, **args)
            scheduler.set_timesteps(steps)
            case = {'config': config_name, 'scheduler': class_name, 'args': args, 'steps': steps,
                    'timesteps': floats(scheduler.timesteps),
                    'init_noise_sigma': float(scheduler.init_noise_sigma)}
            if hasattr(scheduler, 'sigmas'):
                case['sigmas'] = floats(scheduler.sigmas)
            generator = torch.Generator().manual_seed(7)
            mirror = torch.Generator().manual_seed(7)
            sample = (torch.linspace(-1.0, 1.0, 8).reshape(1, 2, 2, 2) * scheduler.init_noise_sigma).to(torch.float32)
            case['sample'] = floats(sample)
            loop = []
            for t in scheduler.timesteps:
                scaled = scheduler.scale_model_input(sample, t)
                output = 0.3 * scaled + 0.001 * float(t)
                noise = torch.randn(sample.shape, generator=mirror, dtype=torch.float32)
                extra = {'generator': generator} if 'generator' in scheduler.step.__code__.co_varnames else {}
                sample = scheduler.step(output, t, sample, return_dict=False, **extra)[0]
                entry = {'scaled': floats(scaled), 'prev': floats(sample)}
                # the steps that draw noise (the mirror generator draws the same values)
                if 'Ancestral' in class_name or class_name in ('DDPMScheduler', 'LCMScheduler'):
                    entry['noise'] = floats(noise)
                loop.append(entry)
            case['loop'] = loop
            cases.append(case)

with open(os.path.join(HERE, 'schedulers.json'), 'w') as f:
    json.dump({'diffusers': diffusers.__version__, 'torch': torch.__version__, 'cases': cases}, f)
    f.write('\n')
print(len(cases), 'cases')
