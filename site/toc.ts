// The book's table of contents (shared/TOC.md): the sidebar, the pager, the search index
// and the end-to-end tests all read it from here.

export interface TocPage {
  name: string;
  path: string; // site path without extension, as Framework names pages
  /** A tool page (模型库, 学习进度): in the sidebar and the pager, not a chapter of the reading order. */
  tool?: boolean;
  /** The page's h1 where it differs from its sidebar name (a chapter's overview page). */
  title?: string;
}

export interface TocSection {
  name: string;
  pages: TocPage[];
  open?: boolean;
}

export const toc: (TocPage | TocSection)[] = [
  { name: "首页：如何使用本书", path: "/index" },
  { name: "第1章 背景介绍", path: "/ch1-background" },
  { name: "第2章 核心概念与联系", path: "/ch2-concepts" },
  {
    name: "第3章 核心算法原理",
    open: true,
    pages: [
      { name: "3.1 神经网络基础", path: "/ch3-1-nn-basics" },
      { name: "3.2 卷积神经网络", path: "/ch3-2-cnn" },
      { name: "3.3 循环神经网络", path: "/ch3-3-rnn" },
      { name: "3.4 注意力机制", path: "/ch3-4-attention" },
      { name: "3.5 Transformer", path: "/ch3-5-transformer" },
      { name: "3.6 预训练语言模型：BERT 与 GPT", path: "/ch3-6-bert" }
    ]
  },
  { name: "第4章 训练与优化", path: "/ch4-training" },
  {
    name: "第5章 大模型的训练与压缩",
    open: true,
    pages: [
      { name: "概览", title: "第5章 大模型的训练与压缩", path: "/ch5-large-scale" },
      { name: "5.1 并行与分布式训练", path: "/ch5-1-parallel" },
      { name: "5.2 显存与混合精度", path: "/ch5-2-memory" },
      { name: "5.3 模型压缩", path: "/ch5-3-compression" },
      { name: "5.4 微调与架构搜索", path: "/ch5-4-finetune" }
    ]
  },
  { name: "第6章 挑战与对策", path: "/ch6-challenges" },
  { name: "第7章 应用、服务与未来", path: "/ch7-applications" },
  {
    name: "附录",
    open: true,
    pages: [
      { name: "附录A 常见问题", path: "/appendix-faq" },
      { name: "附录B 术语表", path: "/appendix-glossary" },
      { name: "附录C 参考文献", path: "/appendix-references" }
    ]
  },
  { name: "模型库", path: "/models", tool: true },
  { name: "学习进度", path: "/progress", tool: true },
  { name: "教师：汇总全班进度", path: "/teacher", tool: true },
  { name: "教师指南", path: "/teacher-guide", tool: true }
];

/** Every page of the book in reading order (tool pages such as 模型库 and 学习进度 excepted). */
export function tocPages(): TocPage[] {
  return toc.flatMap((entry) => ("pages" in entry ? entry.pages : [entry])).filter((page) => !page.tool);
}
