export { askFeature } from './ask.js';
export { buttonsFeature } from './buttons.js';
export { cancelFeature } from './cancel.js';
export { figuresFeature } from './figures.js';
export { groupFeature } from './group.js';
export { inlineFeature } from './inline.js';
export { sourcesFeature } from './sources.js';
export { startFeature, EXAMPLES } from './start.js';
export { timelineFeature } from './timeline.js';
