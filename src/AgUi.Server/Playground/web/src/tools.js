// The frontend tools this page offers the agent. The model calls them; the page runs them and sends the
// result in the next run, as a tool message.

export const frontendTools = [
  {
    name: 'change_background',
    description:
      'Changes the background of the playground page the person is looking at. Accepts any CSS background: ' +
      'a colour name, a hex or rgb() colour, or a gradient.',
    parameters: {
      type: 'object',
      properties: {
        background: {
          type: 'string',
          description: 'A CSS background, for example "lightblue", "#ffe4c4" or "linear-gradient(to right, #fceabb, #f8b500)".',
        },
      },
      required: ['background'],
    },
  },
  {
    name: 'confirm_action',
    description:
      'Asks the person to confirm before you go ahead with something. Answers {"confirmed": true} when they ' +
      'confirm and {"confirmed": false} when they decline.',
    parameters: {
      type: 'object',
      properties: {
        message: { type: 'string', description: 'The question to ask, for example "Delete the draft?"' },
      },
      required: ['message'],
    },
  },
];

export const isFrontendTool = (name) => frontendTools.some((tool) => tool.name === name);

/** Applies a CSS background to the page; a value that is not one (or would load a file) is refused. */
export function changeBackground(args) {
  const background = typeof args?.background === 'string' ? args.background.trim() : '';
  if (!background || /url\s*\(/i.test(background) || !CSS.supports('background', background)) {
    return { error: `"${background}" is not a CSS background this page accepts: use a colour or a gradient.` };
  }

  document.documentElement.style.setProperty('--page-background', background);
  return { content: `The page background is now ${background}.` };
}
