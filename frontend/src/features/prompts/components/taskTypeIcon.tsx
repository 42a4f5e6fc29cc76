import { createElement } from "react";
import {
  IconArrowsLeftRight,
  IconBolt,
  IconBulb,
  IconChartBar,
  IconCode,
  IconFeather,
  IconLanguage,
  IconListCheck,
  IconListTree,
  IconMessages,
  IconQuestionMark,
  IconSchool,
  IconSparkles,
  IconTextCaption,
  type Icon,
} from "@tabler/icons-react";

// SFL.md's twelve task types; a user's own task type gets the generic spark.
const ICONS: Record<string, Icon> = {
  explanation: IconSchool,
  summarization: IconTextCaption,
  "code generation": IconCode,
  "creative writing": IconFeather,
  translation: IconLanguage,
  brainstorming: IconBulb,
  "question answering": IconQuestionMark,
  "data analysis": IconChartBar,
  comparison: IconArrowsLeftRight,
  instruction: IconListCheck,
  "dialogue generation": IconMessages,
  "outline creation": IconListTree,
};

function iconFor(taskType: string): Icon {
  if (!taskType.trim()) return IconBolt;
  return ICONS[taskType.trim().toLowerCase()] ?? IconSparkles;
}

/** The icon of a task type, decorative: the task type is always written next to it. */
export function TaskTypeIcon({ taskType, size }: { taskType: string; size: number }) {
  return createElement(iconFor(taskType), { size, "aria-hidden": true });
}
